using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace ClubGrains.Hosting;

/// <summary>
/// Puts reminder row writes (upsert, remove) to the embedded SQLite file on the silo's one write queue
/// (<see cref="SqliteWriter"/>), the same one as grain state writes. Outside it, a reminder upsert
/// competed with the queued state writes for SQLite's lock in the 21:00 burst, every venue-day re-arming
/// its reminder at once, and was retried holding a thread (2 s for one <c>RegisterOrUpdateReminder</c>).
/// Reads are not queued: in WAL mode they never wait for a writer.
/// </summary>
public sealed class SerializedReminderTable(IReminderTable inner, SqliteWriter writer) : IReminderTable
{
    public IReminderTable Inner => inner;

    public SqliteWriter Writer => writer;

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) => inner.ReadRows(grainId, cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end);

    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) => inner.ReadRows(begin, end, cancellationToken);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => inner.ReadRow(grainId, reminderName);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken) => inner.ReadRow(grainId, reminderName, cancellationToken);

    public Task<string?> UpsertRow(ReminderEntry entry) => writer.Write(() => inner.UpsertRow(entry));

    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken) =>
        writer.Write(() => inner.UpsertRow(entry, cancellationToken), cancellationToken);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => writer.Write(() => inner.RemoveRow(grainId, reminderName, eTag));

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) =>
        writer.Write(() => inner.RemoveRow(grainId, reminderName, eTag, cancellationToken), cancellationToken);

    public Task TestOnlyClearTable() => writer.Write(() => inner.TestOnlyClearTable());

    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        writer.Write(() => inner.TestOnlyClearTable(cancellationToken), cancellationToken);

    /// <summary>
    /// Wraps the reminder table that <c>UseAdoNetReminderService</c> registered (a singleton of its
    /// internal <c>AdoNetReminderTable</c> type) in the write queue. Fails if that is not the reminder
    /// table the silo would use, rather than leave reminder writes unqueued without a word.
    /// </summary>
    public static void Decorate(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IReminderTable) && !d.IsKeyedService);
        if (registered?.ImplementationType is not { } type || type.Assembly != typeof(AdoNetReminderTableOptions).Assembly)
        {
            throw new InvalidOperationException("The ADO.NET reminder table (UseAdoNetReminderService) is not the registered IReminderTable, so its writes cannot be queued.");
        }

        services.Remove(registered);
        services.TryAddSingleton<SqliteWriter>();
        services.AddSingleton<IReminderTable>(provider =>
            new SerializedReminderTable((IReminderTable)ActivatorUtilities.CreateInstance(provider, type), provider.GetRequiredService<SqliteWriter>()));
    }
}
