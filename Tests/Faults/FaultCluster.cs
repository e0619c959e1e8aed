using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;

namespace ClubGrains.Tests.Faults;

/// <summary>
/// A ClubGrains cluster of real processes on 127.0.0.1, as an operator runs it: <c>Silo</c> processes and
/// one client-mode <c>Api</c> (built programs started with <c>dotnet X.dll</c>, so each PID is the
/// program's own) on a PostgreSQL database, with a failure-detection profile that declares a killed silo
/// dead in seconds. The response timeout stays the production default. Every process it started is
/// killed on dispose.
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    /// <summary>Start-up of a .NET program on a busy 2-core machine, with room to spare.</summary>
    public static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The test profile: a silo missing 3 probes of 2 s, suspected by 2 peers, is dead (≈ 6–8 s); tables
    /// re-read every 5 s. Moderate enough that busy cores do not miss 3 probes in a row.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FastDetection = new Dictionary<string, string>
    {
        ["ClubGrains:Cluster:FailureDetection:ProbeTimeout"] = "00:00:02",
        ["ClubGrains:Cluster:FailureDetection:NumMissedProbesLimit"] = "3",
        ["ClubGrains:Cluster:FailureDetection:NumVotesForDeathDeclaration"] = "2",
        ["ClubGrains:Cluster:FailureDetection:TableRefreshTimeout"] = "00:00:05",
        ["ClubGrains:Cluster:FailureDetection:IAmAliveTablePublishTimeout"] = "00:00:05",
        ["ClubGrains:Cluster:GatewayListRefreshPeriod"] = "00:00:05",
    };

    private readonly List<ChildProcess> _all = [];
    private readonly Dictionary<string, string?> _settings;

    private FaultCluster(string connectionString)
    {
        ConnectionString = connectionString;
        ServiceId = "faults-" + Guid.NewGuid().ToString("N")[..8];
        _settings = TestSilo.PostgreSqlSettings(connectionString, ServiceId);
        foreach (var (key, value) in FastDetection)
        {
            _settings[key] = value;
        }

        _settings["ClubGrains:Management:Dashboard"] = "false";
        ApiUrl = new Uri($"http://127.0.0.1:{TestSilo.FreePort()}");
        Http = new HttpClient { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string ConnectionString { get; }

    public string ServiceId { get; }

    public Uri ApiUrl { get; }

    /// <summary>A client of the API (no token; callers send theirs per request).</summary>
    public HttpClient Http { get; }

    public List<SiloProcess> Silos { get; } = [];

    /// <summary>Settings for an Orleans client of this cluster (the test's own view into it).</summary>
    public IDictionary<string, string?> ClientSettings => new Dictionary<string, string?>(_settings);

    public ChildProcess? Api { get; private set; }

    /// <summary>Starts the silos one after the other (the first creates the schema), then the API, and waits until the API sees them all.</summary>
    public static async Task<FaultCluster> Start(string connectionString, int silos)
    {
        var cluster = new FaultCluster(connectionString);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                await cluster.StartSilo();
            }

            cluster.StartApi();
            await cluster.WaitForActiveSilos(silos);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<SiloProcess> StartSilo()
    {
        var silo = new SiloProcess(Silos.Count + 1, TestSilo.FreePort(), TestSilo.FreePort(), TestSilo.FreePort());
        var arguments = Arguments(_settings)
            .Append($"--ClubGrains:Cluster:SiloPort={silo.SiloPort}")
            .Append($"--ClubGrains:Cluster:GatewayPort={silo.GatewayPort}")
            .Append($"--ClubGrains:Management:Url=http://127.0.0.1:{silo.ManagementPort}");
        silo.Process = ChildProcess.Start($"silo-{silo.Number}", "dotnet", [Repository.Program("Silo", "ClubGrains.Silo.dll"), .. arguments]);
        _all.Add(silo.Process);
        Silos.Add(silo);
        await WaitUntilActive(silo);
        return silo;
    }

    public void StartApi()
    {
        var settings = new Dictionary<string, string?>(_settings)
        {
            ["ClubGrains:Api:Mode"] = "Client",
            ["ClubGrains:Auth:SigningKey"] = Convert.ToBase64String(ApiFactory.SigningKey.Key),
            ["ClubGrains:Auth:WritesPerSecond"] = "10000",
            ["ClubGrains:Management:Url"] = $"http://127.0.0.1:{TestSilo.FreePort()}",
        };
        Api = ChildProcess.Start("api", "dotnet", [Repository.Program("Api", "ClubGrains.Api.dll"), .. Arguments(settings), $"--urls={ApiUrl}"]);
        _all.Add(Api);
    }

    /// <summary>Waits until the API's readiness reports this many active silos.</summary>
    public Task WaitForActiveSilos(int count) => Until(
        async () =>
        {
            Assert.False(Api!.HasExited, $"The API exited:{Environment.NewLine}{Api.Tail()}");
            try
            {
                using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode && body.Contains($"\"{count} active silo(s)\"", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        },
        StartWithin,
        $"the API sees {count} active silos");

    /// <summary>The silos' membership rows: who is alive, who was declared dead.</summary>
    public async Task<IReadOnlyList<MembershipRow>> Membership()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, proxyport, status FROM orleansmembershiptable WHERE deploymentid = @id", connection);
        command.Parameters.AddWithValue("id", ServiceId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<MembershipRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new MembershipRow(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return rows;
    }

    /// <summary>Silos declared dead that the test did not kill or stop: healthy silos wrongly voted out.</summary>
    public async Task<IReadOnlyList<MembershipRow>> WronglyDeclaredDead()
    {
        var faulted = Silos.Where(s => s.Faulted).Select(s => s.SiloPort).ToHashSet();
        return (await Membership()).Where(r => r.Status == MembershipRow.Dead && !faulted.Contains(r.SiloPort)).ToArray();
    }

    /// <summary>The sum of a ClubGrains counter for a venue over the silos still running (their /metrics).</summary>
    public async Task<double> CounterOnRunningSilos(string series, string venueId)
    {
        var total = 0.0;
        foreach (var silo in Silos.Where(s => !s.Faulted))
        {
            var text = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{silo.ManagementPort}/metrics"));
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith(series + "{", StringComparison.Ordinal) && line.Contains($"venue=\"{venueId}\"", StringComparison.Ordinal))
                {
                    total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                }
            }
        }

        return total;
    }

    /// <summary>The exception types the API logged with its 503s and 500s: what a fault looks like to the client.</summary>
    public string ApiExceptions() => Exceptions(Api);

    public static string Exceptions(ChildProcess? process) => process is null ? string.Empty : string.Join(", ",
        System.Text.RegularExpressions.Regex.Matches(process.Output, @"\b[A-Z][\w.]*Exception\b").Select(m => m.Value).Where(t => t != "InnerException").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    public string Logs() => string.Join(Environment.NewLine, _all.Select(p => p.Tail(30)));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var process in Enumerable.Reverse(_all))
        {
            process.Dispose();
        }

        await Task.CompletedTask;
    }

    private async Task WaitUntilActive(SiloProcess silo) => await Until(
        async () =>
        {
            Assert.False(silo.Process.HasExited, $"{silo.Process.Name} exited at start:{Environment.NewLine}{silo.Process.Tail()}");
            try
            {
                return (await Membership()).Any(r => r.SiloPort == silo.SiloPort && r.Status == MembershipRow.Active);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // The first silo has not created the schema yet.
                return false;
            }
        },
        StartWithin,
        $"silo {silo.Number} is active in the membership table");

    private static IEnumerable<string> Arguments(IDictionary<string, string?> settings) =>
        settings.Select(s => $"--{s.Key}={s.Value}").Append("--Logging:LogLevel:Default=Warning");

    /// <summary>Polls every 250 ms until the condition holds, bounded in time; the failure carries every process's last lines.</summary>
    public async Task Until(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Timed out after {within.TotalSeconds:0} s waiting until {what}.{Environment.NewLine}{Logs()}");
    }
}

/// <summary>One Silo process and its ports; <see cref="Faulted"/> once the test killed or stopped it.</summary>
public sealed class SiloProcess(int number, int siloPort, int gatewayPort, int managementPort)
{
    public int Number { get; } = number;

    public int SiloPort { get; } = siloPort;

    public int GatewayPort { get; } = gatewayPort;

    public int ManagementPort { get; } = managementPort;

    public ChildProcess Process { get; set; } = null!;

    public bool Faulted { get; private set; }

    /// <summary>kill -9: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        Faulted = true;
        Assert.True(Process.Kill(), $"{Process.Name} did not die.");
    }

    /// <summary>SIGTERM: Orleans' graceful shutdown (the silo leaves the cluster and hands its grains over).</summary>
    public Task<TimeSpan> Stop()
    {
        Faulted = true;
        return Process.Stop(TimeSpan.FromSeconds(90));
    }
}

/// <summary>A row of Orleans' membership table (status 3: active, 6: dead).</summary>
public sealed record MembershipRow(int SiloPort, int GatewayPort, int Status)
{
    public const int Active = 3;
    public const int Dead = 6;
}
