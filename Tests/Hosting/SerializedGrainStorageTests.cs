using ClubGrains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace ClubGrains.Tests.Hosting;

/// <summary>The embedded SQLite file takes one writer at a time: writes queue in the silo instead of sleeping in SQLite's busy retries.</summary>
public sealed class SerializedGrainStorageTests
{
    [Fact]
    public async Task Concurrent_writes_and_clears_run_one_at_a_time_while_reads_do_not_wait()
    {
        var inner = new WriteProbe();
        using var writer = new SqliteWriter();
        var storage = new SerializedGrainStorage(inner, writer);
        var state = new GrainState<int>();
        var id = GrainId.Create("probe", "1");

        var writes = Enumerable.Range(0, 40).Select(i => i % 4 == 0
            ? storage.ClearStateAsync("s", id, state)
            : storage.WriteStateAsync("s", id, state)).ToArray();
        var reads = Enumerable.Range(0, 10).Select(_ => storage.ReadStateAsync("s", id, state)).ToArray();
        await Task.WhenAll(writes.Concat(reads));

        Assert.Equal(40, inner.Writes);
        Assert.Equal(1, inner.MaxConcurrentWrites);
        Assert.True(inner.MaxConcurrentReads > 1, "reads are not queued behind each other");
    }

    [Fact]
    public async Task The_embedded_silo_queues_the_writes_of_its_sqlite_storage()
    {
        using var folder = new TempFolder();
        var host = await TestSilo.Start(TestSilo.SqliteSettings(folder.File("club.db")));
        try
        {
            var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Club);
            Assert.IsType<AdoNetGrainStorage>(Assert.IsType<SerializedGrainStorage>(storage).Inner);
        }
        finally
        {
            await TestSilo.Stop(host);
        }
    }
}
