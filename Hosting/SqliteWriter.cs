namespace ClubGrains.Hosting;

/// <summary>
/// The one queue of writes to the embedded SQLite file, shared by everything in the silo that writes
/// to it (grain state, reminder rows). SQLite admits a single writer; a second one gets SQLITE_BUSY,
/// which Microsoft.Data.Sqlite retries until the command timeout, and its async methods run
/// synchronously, so every waiting writer holds a thread. Under many concurrent writes (the 21:00
/// burst: thousands of holds released at once) those threads starved the thread pool, so releases,
/// timers and reads all ran seconds late. The embedded silo is the only process on its file (the
/// data-folder lock), so waiting here, asynchronously and in arrival order, loses nothing SQLite would
/// have allowed. One per silo (a singleton): two queues would be two writers again.
/// </summary>
public sealed class SqliteWriter : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Runs <paramref name="write"/> when no other write is running; a caller that gives up while waiting never runs it.</summary>
    public async Task<T> Write<T>(Func<Task<T>> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        await _turn.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <inheritdoc cref="Write{T}(Func{Task{T}}, CancellationToken)"/>
    public Task Write(Func<Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        return Write(async () =>
        {
            await write();
            return true;
        }, cancellationToken);
    }

    public void Dispose() => _turn.Dispose();
}
