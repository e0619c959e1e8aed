using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace ClubGrains.Hosting;

/// <summary>
/// Queues grain state writes to one SQLite file so that one runs at a time. SQLite admits a single
/// writer; a second one gets SQLITE_BUSY, which Microsoft.Data.Sqlite retries until the command
/// timeout, and its async methods run synchronously, so every waiting writer holds a thread. Under
/// many concurrent writes (the 21:00 burst: thousands of holds released at once) those threads starved
/// the thread pool, so releases, timers and reads all ran seconds late. The embedded silo is the only process on its file (the
/// data-folder lock), so waiting here, asynchronously and in arrival order, loses nothing SQLite
/// would have allowed. Reads are not queued: in WAL mode they never wait for a writer.
/// </summary>
public sealed class SerializedGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public IGrainStorage Inner => inner;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _writer.WaitAsync();
        try
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _writer.WaitAsync();
        try
        {
            await inner.ClearStateAsync(stateName, grainId, grainState);
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    /// <summary>Wraps the grain storage registered under <paramref name="name"/> (a keyed singleton) in the write queue.</summary>
    public static void Decorate(IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name) && d.KeyedImplementationFactory is not null)
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered to queue the writes of.");
        services.Remove(registered);
        var create = registered.KeyedImplementationFactory!;
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => new SerializedGrainStorage((IGrainStorage)create(provider, key)));
    }
}
