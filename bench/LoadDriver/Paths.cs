namespace ClubGrains.Bench;

/// <summary>Where the built programs are: the service's and this driver's, of the same configuration.</summary>
internal static class Paths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the folder this driver was built into.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string ApiAssembly(string? overridePath)
    {
        var path = overridePath ?? Path.Combine(Root, "Api", "bin", Configuration, "net10.0", "ClubGrains.Api.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build the solution (dotnet build -c Release) or pass --api PATH.");
    }

    public static string DriverAssembly => Path.Combine(AppContext.BaseDirectory, "ClubGrains.LoadDriver.dll");

    public static string NewTempFolder(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"clubgrains-bench-{purpose}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying child; the OS temp cleaner takes it.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClubGrains.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ClubGrains.sln above {AppContext.BaseDirectory}.");
    }
}
