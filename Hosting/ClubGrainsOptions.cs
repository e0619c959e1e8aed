using System.Net;
using Microsoft.Extensions.Configuration;

namespace ClubGrains.Hosting;

/// <summary>Where ClubGrains keeps its data.</summary>
public enum StorageProvider
{
    /// <summary>The embedded default: one process, one SQLite file, localhost clustering.</summary>
    Sqlite = 0,

    /// <summary>A cluster: silos and API clients share one PostgreSQL database for membership, state and reminders.</summary>
    PostgreSql = 1,
}

/// <summary>The <c>ClubGrains:*</c> settings read by silos and API processes alike.</summary>
public sealed class ClubGrainsOptions
{
    public const string Section = "ClubGrains";

    public StorageProvider Storage { get; set; } = StorageProvider.Sqlite;

    public SqliteSettings Sqlite { get; set; } = new();

    public PostgreSqlSettings PostgreSql { get; set; } = new();

    public ClusterSettings Cluster { get; set; } = new();

    /// <summary>Reads and validates the settings; any bad one stops start-up with every problem named.</summary>
    public static ClubGrainsOptions From(IConfiguration configuration)
    {
        var options = new ClubGrainsOptions();
        try
        {
            configuration.GetSection(Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new ClubGrainsStartupException($"ClubGrains settings cannot be read: {e.Message}", e);
        }

        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ClubGrainsStartupException("ClubGrains settings are invalid:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
        }

        return options;
    }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Storage))
        {
            problems.Add("ClubGrains:Storage must be Sqlite or PostgreSql.");
        }

        if (Storage == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(Sqlite.Path))
        {
            problems.Add("ClubGrains:Sqlite:Path must name the SQLite file (default data/clubgrains.db).");
        }

        if (Storage == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(PostgreSql.ConnectionString))
        {
            problems.Add("ClubGrains:PostgreSql:ConnectionString is required when ClubGrains:Storage is PostgreSql.");
        }

        if (string.IsNullOrWhiteSpace(Cluster.ServiceId))
        {
            problems.Add("ClubGrains:Cluster:ServiceId must be set and kept: stored state is keyed by it.");
        }

        if (string.IsNullOrWhiteSpace(Cluster.ClusterId))
        {
            problems.Add("ClubGrains:Cluster:ClusterId must be set.");
        }

        if (Cluster.SiloPort is < 1 or > 65535 || Cluster.GatewayPort is < 1 or > 65535 || Cluster.SiloPort == Cluster.GatewayPort)
        {
            problems.Add("ClubGrains:Cluster:SiloPort and GatewayPort must be two different ports (1–65535).");
        }

        if (!IPAddress.TryParse(Cluster.AdvertisedAddress, out _))
        {
            problems.Add("ClubGrains:Cluster:AdvertisedAddress must be an IP address (default 127.0.0.1).");
        }

        if (Cluster.ResponseTimeout < TimeSpan.FromSeconds(1) || Cluster.ResponseTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add("ClubGrains:Cluster:ResponseTimeout must be between 00:00:01 and 00:05:00 (default 00:00:10).");
        }

        if (Cluster.GatewayListRefreshPeriod is { } refresh && (refresh < TimeSpan.FromSeconds(1) || refresh > TimeSpan.FromMinutes(10)))
        {
            problems.Add("ClubGrains:Cluster:GatewayListRefreshPeriod must be between 00:00:01 and 00:10:00 when set (Orleans' default: 00:01:00).");
        }

        problems.AddRange(Cluster.FailureDetection.Validate());
        return problems;
    }
}

public sealed class SqliteSettings
{
    /// <summary>The SQLite file; its folder is the data folder that one embedded process locks.</summary>
    public string Path { get; set; } = "data/clubgrains.db";

    public string FullPath => System.IO.Path.GetFullPath(Path);

    public string DataFolder => System.IO.Path.GetDirectoryName(FullPath)!;

    /// <summary>Pooled connections (about 3x the write throughput of unpooled ones here).</summary>
    public string ConnectionString => $"Data Source={FullPath};Pooling=True;Default Timeout=30";
}

public sealed class PostgreSqlSettings
{
    public string? ConnectionString { get; set; }
}

public sealed class ClusterSettings
{
    /// <summary>Stored rows are keyed by it: changing it makes stored state look empty.</summary>
    public string ServiceId { get; set; } = "clubgrains";

    public string ClusterId { get; set; } = "clubgrains";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address silos advertise and listen on (loopback by default).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Listen on every interface instead of only the advertised address.</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>
    /// How long a grain call waits for its answer (silos and API clients). Orleans' own 30 s would keep an
    /// HTTP request waiting that long on a silo that died; every ClubGrains call answers in milliseconds.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an API client re-reads the silos it may call (null: Orleans' default, 1 minute).</summary>
    public TimeSpan? GatewayListRefreshPeriod { get; set; }

    public FailureDetectionSettings FailureDetection { get; set; } = new();
}

/// <summary>
/// How silos decide that another silo is dead. Every value left out keeps Orleans' own default, which
/// suits production; a test cluster shortens them to see a killed silo declared dead in seconds.
/// </summary>
public sealed class FailureDetectionSettings
{
    private const string Prefix = "ClubGrains:Cluster:FailureDetection:";

    /// <summary>How long a probe may take, and how often each silo probes its peers (Orleans: 5 s).</summary>
    public TimeSpan? ProbeTimeout { get; set; }

    /// <summary>Probes missed in a row before a silo suspects a peer (Orleans: 3).</summary>
    public int? NumMissedProbesLimit { get; set; }

    /// <summary>Suspicions needed to declare a silo dead (Orleans: 2; fewer silos than that need fewer).</summary>
    public int? NumVotesForDeathDeclaration { get; set; }

    /// <summary>How often each silo re-reads the membership table (Orleans: 60 s).</summary>
    public TimeSpan? TableRefreshTimeout { get; set; }

    /// <summary>How often each silo writes its heartbeat to the table (Orleans: 30 s).</summary>
    public TimeSpan? IAmAliveTablePublishTimeout { get; set; }

    /// <summary>How long a suspicion counts (Orleans: 2 minutes).</summary>
    public TimeSpan? DeathVoteExpirationTimeout { get; set; }

    public IEnumerable<string> Validate()
    {
        if (ProbeTimeout is { } probe && (probe < TimeSpan.FromMilliseconds(500) || probe > TimeSpan.FromMinutes(1)))
        {
            yield return Prefix + "ProbeTimeout must be between 00:00:00.5 and 00:01:00.";
        }

        if (NumMissedProbesLimit is < 1 or > 10)
        {
            yield return Prefix + "NumMissedProbesLimit must be between 1 and 10.";
        }

        // Orleans probes 3 peers per silo, so more votes than that could never be cast.
        if (NumVotesForDeathDeclaration is < 1 or > 3)
        {
            yield return Prefix + "NumVotesForDeathDeclaration must be between 1 and 3.";
        }

        if (TableRefreshTimeout is { } refresh && (refresh < TimeSpan.FromSeconds(1) || refresh > TimeSpan.FromMinutes(10)))
        {
            yield return Prefix + "TableRefreshTimeout must be between 00:00:01 and 00:10:00.";
        }

        if (IAmAliveTablePublishTimeout is { } alive && (alive < TimeSpan.FromSeconds(1) || alive > TimeSpan.FromHours(1)))
        {
            yield return Prefix + "IAmAliveTablePublishTimeout must be between 00:00:01 and 01:00:00.";
        }

        if (DeathVoteExpirationTimeout is { } expiry && (expiry < TimeSpan.FromSeconds(5) || expiry > TimeSpan.FromHours(1)))
        {
            yield return Prefix + "DeathVoteExpirationTimeout must be between 00:00:05 and 01:00:00.";
        }

        // A suspicion must outlive the probes that raise the next ones, or votes never add up.
        var probes = (ProbeTimeout ?? TimeSpan.FromSeconds(5)) * (NumMissedProbesLimit ?? 3);
        if (DeathVoteExpirationTimeout is { } votes && votes <= probes)
        {
            yield return Prefix + $"DeathVoteExpirationTimeout must be longer than ProbeTimeout × NumMissedProbesLimit ({probes}).";
        }
    }

    /// <summary>Applies the values given; the others stay Orleans' own.</summary>
    public void ApplyTo(Orleans.Configuration.ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout ?? options.ProbeTimeout;
        options.NumMissedProbesLimit = NumMissedProbesLimit ?? options.NumMissedProbesLimit;
        options.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration ?? options.NumVotesForDeathDeclaration;
        options.TableRefreshTimeout = TableRefreshTimeout ?? options.TableRefreshTimeout;
        options.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout ?? options.IAmAliveTablePublishTimeout;
        options.DeathVoteExpirationTimeout = DeathVoteExpirationTimeout ?? options.DeathVoteExpirationTimeout;
    }
}

/// <summary>A start-up failure whose message says plainly what to fix; hosts print it and exit.</summary>
public sealed class ClubGrainsStartupException : Exception
{
    public ClubGrainsStartupException(string message)
        : base(message)
    {
    }

    public ClubGrainsStartupException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ClubGrainsStartupException()
    {
    }

    /// <summary>Finds a start-up failure inside whatever the host wrapped it in.</summary>
    public static ClubGrainsStartupException? Find(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is ClubGrainsStartupException found)
            {
                return found;
            }

            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(Find).FirstOrDefault(f => f is not null);
            }
        }

        return null;
    }
}
