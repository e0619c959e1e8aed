using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;

namespace ClubGrains.Hosting;

/// <summary>
/// Puts grain state writes to the embedded SQLite file on the silo's one write queue
/// (<see cref="SqliteWriter"/>, which says why). Reads are not queued: in WAL mode they never wait
/// for a writer.
/// </summary>
public sealed class SerializedGrainStorage(IGrainStorage inner, SqliteWriter writer) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public IGrainStorage Inner => inner;

    public SqliteWriter Writer => writer;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        writer.Write(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        writer.Write(() => inner.ClearStateAsync(stateName, grainId, grainState));

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    /// <summary>Wraps the grain storage registered under <paramref name="name"/> (a keyed singleton) in the write queue.</summary>
    public static void Decorate(IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name) && d.KeyedImplementationFactory is not null)
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered to queue the writes of.");
        services.Remove(registered);
        var create = registered.KeyedImplementationFactory!;
        services.TryAddSingleton<SqliteWriter>();
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) =>
            new SerializedGrainStorage((IGrainStorage)create(provider, key), provider.GetRequiredService<SqliteWriter>()));
    }
}
