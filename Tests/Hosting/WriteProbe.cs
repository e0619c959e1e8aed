using Orleans.Storage;

namespace ClubGrains.Tests.Hosting;

/// <summary>
/// Grain storage and reminder table in one, standing in for the SQLite file: it records how many
/// writes (of either kind) and how many reads run at once.
/// </summary>
internal sealed class WriteProbe : IGrainStorage, IReminderTable
{
    private int _writing;
    private int _reading;
    private int _maxWriting;
    private int _maxReading;
    private int _writesStarted;
    private int _writes;
    private int _reads;

    /// <summary>While set and not completed, every write that starts waits for it (a writer holding the file).</summary>
    public TaskCompletionSource? HoldWrites { get; set; }

    public int MaxConcurrentWrites => Volatile.Read(ref _maxWriting);

    public int MaxConcurrentReads => Volatile.Read(ref _maxReading);

    public int WritesStarted => Volatile.Read(ref _writesStarted);

    public int Writes => Volatile.Read(ref _writes);

    public int Reads => Volatile.Read(ref _reads);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Read(true);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Write(true);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Write(true);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => Read(new ReminderTableData());

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => Read(new ReminderTableData());

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => Read<ReminderEntry?>(null);

    public Task<string?> UpsertRow(ReminderEntry entry) => Write<string?>("etag");

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => Write(true);

    public Task TestOnlyClearTable() => Write(true);

    private async Task<T> Write<T>(T result)
    {
        Interlocked.Increment(ref _writesStarted);
        Max(ref _maxWriting, Interlocked.Increment(ref _writing));
        try
        {
            await (HoldWrites?.Task ?? Task.Delay(2));
            Interlocked.Increment(ref _writes);
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _writing);
        }
    }

    private async Task<T> Read<T>(T result)
    {
        Max(ref _maxReading, Interlocked.Increment(ref _reading));
        try
        {
            await Task.Delay(20);
            Interlocked.Increment(ref _reads);
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _reading);
        }
    }

    private static void Max(ref int max, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref max)) && Interlocked.CompareExchange(ref max, value, seen) != seen)
        {
        }
    }
}
