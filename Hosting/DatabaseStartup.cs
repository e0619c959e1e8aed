using Microsoft.Extensions.Logging;

namespace ClubGrains.Hosting;

/// <summary>
/// Runs first in a silo's start: claims the embedded data folder, checks that the silo's ports are
/// free, then migrates the schema, before clustering, storage and reminders read their queries from it.
/// </summary>
internal sealed class DatabaseStartup(ClubGrainsOptions options, ILogger<DatabaseStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private DataFolderLock? _folderLock;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DatabaseStartup), ServiceLifecycleStage.First, Start, Stop);

    private async Task Start(CancellationToken cancellationToken)
    {
        if (options.Storage == StorageProvider.Sqlite)
        {
            _folderLock = DataFolderLock.Acquire(options.Sqlite.DataFolder);
        }

        ListenPorts.EnsureFree(options);

        await SchemaMigrator.Migrate(options, logger, cancellationToken);
    }

    private Task Stop(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _folderLock?.Dispose();
        _folderLock = null;
    }
}
