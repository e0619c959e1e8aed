using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using ClubGrains.Api.Auth;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.IdentityModel.Tokens;

namespace ClubGrains.Bench;

/// <summary>
/// The service as users run it: <c>dotnet ClubGrains.Api.dll</c>, co-hosting its silo, on 127.0.0.1
/// with a temporary data folder, free ports, a configured signing key and a write limit high enough
/// for load (or on PostgreSQL, given a connection string).
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly SymmetricSecurityKey _key;
    private readonly AuthSettings _auth = new();
    private readonly string _folder;

    private ServiceUnderTest(ChildProcess process, SymmetricSecurityKey key, string folder, Uri baseAddress, Uri management, IWriteCounter writes)
    {
        _process = process;
        _key = key;
        _folder = folder;
        BaseAddress = baseAddress;
        Management = management;
        Writes = writes;
        Http = HttpLoad.Client(baseAddress, 512);
    }

    public Uri BaseAddress { get; }

    public Uri Management { get; }

    public HttpClient Http { get; }

    public IWriteCounter Writes { get; }

    public int ProcessId => _process.Id;

    public ChildProcess Process => _process;

    /// <summary>From starting the process to the first 200 of /health/ready.</summary>
    public TimeSpan StartToReady { get; private set; }

    public static async Task<ServiceUnderTest> Start(string apiAssembly, string? postgres, IReadOnlyList<string> extraSettings, TextWriter log)
    {
        var folder = Paths.NewTempFolder("service");
        var port = Ports.Free();
        var managementPort = Ports.Free();
        var keyBytes = RandomNumberGenerator.GetBytes(48);
        var serviceId = $"bench-{Guid.NewGuid().ToString("N")[..8]}";
        var dbPath = Path.Combine(folder, "data", "clubgrains.db");
        var arguments = new List<string>
        {
            "--urls", $"http://127.0.0.1:{port}",
            $"--ClubGrains:Management:Url=http://127.0.0.1:{managementPort}",
            $"--ClubGrains:Cluster:SiloPort={Ports.Free()}",
            $"--ClubGrains:Cluster:GatewayPort={Ports.Free()}",
            $"--ClubGrains:Auth:SigningKey={Convert.ToBase64String(keyBytes)}",
            "--ClubGrains:Auth:WritesPerSecond=1000000",
        };
        if (postgres is null)
        {
            arguments.Add($"--ClubGrains:Sqlite:Path={dbPath}");
        }
        else
        {
            // A fresh service id per run: rows of earlier runs in the same database stay out of the counts.
            arguments.AddRange(["--ClubGrains:Storage=PostgreSql", $"--ClubGrains:PostgreSql:ConnectionString={postgres}",
                $"--ClubGrains:Cluster:ServiceId={serviceId}", $"--ClubGrains:Cluster:ClusterId={serviceId}"]);
        }

        arguments.AddRange(extraSettings.Select(setting => "--" + setting));
        var clock = Stopwatch.StartNew();
        var process = ChildProcess.StartDotnet("service", apiAssembly, arguments, folder);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        try
        {
            await WaitForOk(process, new Uri(baseAddress, "/health/ready"), TimeSpan.FromSeconds(120));
        }
        catch
        {
            await log.WriteLineAsync(process.Tail());
            process.Dispose();
            throw;
        }

        var ready = clock.Elapsed;
        await log.WriteLineAsync($"  service process {process.Id} ready in {ready.TotalMilliseconds:0} ms at {baseAddress} (data: {folder})");
        IWriteCounter writes = postgres is null ? new SqliteWriteCounter(dbPath) : new PostgresWriteCounter(postgres, serviceId);
        await writes.Install();
        return new ServiceUnderTest(process, new SymmetricSecurityKey(keyBytes), folder, baseAddress, new Uri($"http://127.0.0.1:{managementPort}"), writes)
        {
            StartToReady = ready,
        };
    }

    /// <summary>Polls a URL until it answers 200, failing early if the process died.</summary>
    public static async Task WaitForOk(ChildProcess process, Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited before {url} answered.\n{process.Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{url} did not answer 200 within {timeout.TotalSeconds:0} s.\n{process.Tail()}");
    }

    public string Token(string role, string subject, params string[] venues) =>
        TokenIssuer.Issue(new TokenRequest(subject, role, venues), _key, _auth, DateTimeOffset.UtcNow);

    public string Tail() => _process.Tail();

    public async Task<PrometheusText> Metrics()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return new PrometheusText(await http.GetStringAsync(new Uri(Management, "/metrics")));
    }

    /// <summary>
    /// A full blocking GC in the service, induced as dotnet-gcdump does (an EventPipe session with the
    /// runtime's GCHeapCollect keyword), so heap figures after it are live data, not garbage.
    /// Returns how many gen2 collections it saw happen (at least one, or the figures would be stale).
    /// </summary>
    public async Task<double> InduceFullGc()
    {
        const long gcKeyword = 0x1;
        const long gcHeapCollectKeyword = 0x800000;
        var before = (await Metrics()).Sum("dotnet_gc_collections_total", "gc_heap_generation=\"gen2\"");
        var client = new DiagnosticsClient(ProcessId);
        using (var session = client.StartEventPipeSession(
                   [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, gcKeyword | gcHeapCollectKeyword)],
                   requestRundown: false,
                   circularBufferMB: 64))
        {
            var drain = Task.Run(() => session.EventStream.CopyTo(Stream.Null));
            await Task.Delay(TimeSpan.FromSeconds(3));
            session.Stop();
            await drain;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        return (await Metrics()).Sum("dotnet_gc_collections_total", "gc_heap_generation=\"gen2\"") - before;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _process.Dispose();
        await Writes.DisposeAsync();
        Paths.DeleteQuietly(_folder);
    }
}

/// <summary>Prometheus text exposition: sums of a series, optionally of those whose labels contain a filter.</summary>
internal sealed class PrometheusText(string text)
{
    public double Sum(string metric, string? labelFilter = null)
    {
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(metric, StringComparison.Ordinal) || line.Length <= metric.Length || line[metric.Length] is not ('{' or ' '))
            {
                continue;
            }

            if (labelFilter is not null && !line.Contains(labelFilter, StringComparison.Ordinal))
            {
                continue;
            }

            sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return sum;
    }
}
