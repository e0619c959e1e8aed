namespace ClubGrains.Hosting;

/// <summary>
/// The embedded mode's claim on its data folder. Two processes on one SQLite file would be two
/// one-silo clusters activating the same grains, so the second one is refused at once.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = ".clubgrains.lock";

    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    public static DataFolderLock Acquire(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix; it dies with the process.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var owner = System.Text.Encoding.UTF8.GetBytes($"{Environment.ProcessId}\n");
            stream.Write(owner);
            stream.Flush();
            return new DataFolderLock(stream);
        }
        catch (IOException e)
        {
            throw new ClubGrainsStartupException(
                $"Another ClubGrains process is already using the data folder {folder}. " +
                "Only one embedded instance may run per data folder; stop it, or give this one another folder " +
                "(ClubGrains:Sqlite:Path). To run several silos on shared data, use PostgreSQL (ClubGrains:Storage=PostgreSql).", e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
