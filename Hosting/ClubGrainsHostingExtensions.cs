using System.Net;
using ClubGrains.Common;
using ClubGrains.Deadlines;
using ClubGrains.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;

namespace ClubGrains.Hosting;

/// <summary>
/// Composes a ClubGrains silo or client from the <c>ClubGrains:*</c> settings: the embedded default
/// (SQLite, localhost clustering) or a cluster on PostgreSQL. The same keys serve both.
/// </summary>
public static class ClubGrainsHostingExtensions
{
    /// <summary>Orleans' ADO.NET invariant for SQLite; it is served by Microsoft.Data.Sqlite.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    public const string PostgreSqlInvariant = "Npgsql";

    /// <summary>A whole silo: clustering, endpoints, storage, reminders and schema.</summary>
    public static ISiloBuilder UseClubGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = ClubGrainsOptions.From(configuration);
        var cluster = options.Cluster;
        if (options.Storage == StorageProvider.Sqlite)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }
        else
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgreSqlInvariant;
                o.ConnectionString = options.PostgreSql.ConnectionString;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, cluster.ListenOnAnyAddress);
        }

        silo.Configure<ClusterMembershipOptions>(cluster.FailureDetection.ApplyTo);
        silo.Configure<SiloMessagingOptions>(o =>
        {
            o.ResponseTimeout = cluster.ResponseTimeout;

            // A call that timed out is cancelled at its callee too, so it does not go on working for nobody.
            o.CancelRequestOnTimeout = true;
        });
        silo.AddActivityPropagation();
        silo.AddIncomingGrainCallFilter<SystemActorGuard>();

        // Membership (and the watchdog with it) keeps real time, counted from the start: see ProcessRelativeClock.
        silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, (_, _) => new ProcessRelativeClock(TimeProvider.System));
        if (DashboardEnabled(configuration))
        {
            // Every silo collects for the dashboard, wherever it is shown (the API or a silo's management listener).
            silo.AddDashboard();
        }

        return silo.AddClubGrainsStorage(options);
    }

    /// <summary>
    /// Storage, reminders and the schema, without clustering: for hosts that bring their own
    /// membership, such as Orleans' test clusters.
    /// </summary>
    public static ISiloBuilder AddClubGrainsStorage(this ISiloBuilder silo, ClubGrainsOptions options)
    {
        var (invariant, connectionString) = options.Storage == StorageProvider.Sqlite
            ? (SqliteInvariant, options.Sqlite.ConnectionString)
            : (PostgreSqlInvariant, options.PostgreSql.ConnectionString!);

        silo.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = options.Cluster.ServiceId;
            o.ClusterId = options.Cluster.ClusterId;
        });
        silo.AddAdoNetGrainStorage(StorageNames.Club, o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });

        // Orleans' own serializer with [Alias]ed types: stored state names no CLR type, so renaming
        // a class or moving a namespace never breaks what is already stored.
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Club)
            .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        if (options.Storage == StorageProvider.Sqlite)
        {
            // One writer at a time on the file, state and reminder rows alike, queued without blocking
            // threads (see SqliteWriter). PostgreSQL takes concurrent writers and is not queued.
            SerializedGrainStorage.Decorate(silo.Services, StorageNames.Club);
            SerializedReminderTable.Decorate(silo.Services);
            silo.Services.AddSingleton<IVenueEventStore>(services =>
                VenueEventStore.Sqlite(options.Cluster.ServiceId, connectionString, services.GetRequiredService<SqliteWriter>()));
        }
        else
        {
            silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            silo.Services.AddSingleton<IVenueEventStore>(services =>
                VenueEventStore.PostgreSql(options.Cluster.ServiceId, services.GetRequiredService<NpgsqlDataSource>()));
        }

        AddDatabaseExceptions(silo.Services);
        silo.Services.AddSingleton(options);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<Telemetry.ClubGrainsMetrics>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DatabaseStartup>();
        silo.Services.AddOverdueDeadlines();
        return silo;
    }

    /// <summary>An API process that joins a PostgreSQL cluster as a client.</summary>
    public static IClientBuilder UseClubGrainsClient(this IClientBuilder client, IConfiguration configuration)
    {
        var options = ClubGrainsOptions.From(configuration);
        if (options.Storage != StorageProvider.PostgreSql)
        {
            throw new ClubGrainsStartupException(
                "A client-mode API finds its silos through PostgreSQL: set ClubGrains:Storage=PostgreSql and " +
                "ClubGrains:PostgreSql:ConnectionString, or run the API co-hosted (ClubGrains:Api:Mode=CoHosted) for the embedded default.");
        }

        client.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = options.Cluster.ServiceId;
            o.ClusterId = options.Cluster.ClusterId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgreSqlInvariant;
            o.ConnectionString = options.PostgreSql.ConnectionString;
        });
        client.Configure<ClientMessagingOptions>(o =>
        {
            o.ResponseTimeout = options.Cluster.ResponseTimeout;
            o.CancelRequestOnTimeout = true;
        });
        if (options.Cluster.GatewayListRefreshPeriod is { } refresh)
        {
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = refresh);
        }

        AddDatabaseExceptions(client.Services);
        client.Services.AddSingleton(options);

        // Without propagation on the client too, the grain calls of a request start traces of their own.
        client.AddActivityPropagation();
        if (DashboardEnabled(configuration))
        {
            client.AddDashboard();
        }

        return client;
    }

    /// <summary>
    /// Lets Orleans serialize Npgsql's exceptions like its own. By default it serializes only exceptions of
    /// System, Microsoft and Orleans namespaces, so a grain failing on a PostgreSQL outage answered its
    /// caller with a codec error instead of the database failure, and the API could not tell it was a 503.
    /// Silos and clients both need it: one writes the exception, the other reads it.
    /// </summary>
    private static void AddDatabaseExceptions(IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));

    private static bool DashboardEnabled(IConfiguration configuration)
    {
        try
        {
            return configuration.GetValue("ClubGrains:Management:Dashboard", defaultValue: true);
        }
        catch (InvalidOperationException e)
        {
            throw new ClubGrainsStartupException("ClubGrains:Management:Dashboard must be true or false.", e);
        }
    }
}
