using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace ClubGrains.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's package, installed by ./test.sh) run with deploy/prometheus.yml on a free
/// loopback port, its data in a temporary folder. Plain <c>dotnet test</c> without the binary skips
/// these tests with the reason; under ./test.sh (CLUBGRAINS_REQUIRE_PROMETHEUS=1) a missing binary fails them.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    public const string BinaryVariable = "CLUBGRAINS_PROMETHEUS";
    public const string RequiredVariable = "CLUBGRAINS_REQUIRE_PROMETHEUS";

    private readonly TempFolder _folder;
    private readonly ChildProcess _process;

    private PrometheusServer(TempFolder folder, ChildProcess process, int port)
    {
        _folder = folder;
        _process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Address { get; }

    public string Log => _process.Tail();

    public static string RequireBinary()
    {
        var binary = Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } given ? given : "/usr/bin/prometheus";
        if (!File.Exists(binary))
        {
            if (Environment.GetEnvironmentVariable(RequiredVariable) == "1")
            {
                Assert.Fail($"{binary} is missing, but {RequiredVariable}=1: ./test.sh must install Prometheus.");
            }

            Skip.If(true, $"Prometheus tests need the binary: run ./test.sh, or install Debian's prometheus package (or set {BinaryVariable}).");
        }

        return binary;
    }

    /// <summary>Starts Prometheus on deploy/prometheus.yml, with the scrape targets written as the deployment would list them.</summary>
    public static async Task<PrometheusServer> Start(string binary, IEnumerable<string> apiTargets, IEnumerable<string> siloTargets)
    {
        var folder = new TempFolder();
        File.Copy(Path.Combine(Repository.Root, "deploy", "prometheus.yml"), folder.File("prometheus.yml"));
        Directory.CreateDirectory(folder.File("targets"));
        await File.WriteAllTextAsync(folder.File("targets/api.yml"), TargetsFile(apiTargets));
        await File.WriteAllTextAsync(folder.File("targets/silos.yml"), TargetsFile(siloTargets));

        var port = TestSilo.FreePort();
        var process = ChildProcess.Start("prometheus", binary,
        [
            "--config.file=" + folder.File("prometheus.yml"),
            "--storage.tsdb.path=" + folder.File("data"),
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
        ]);
        var server = new PrometheusServer(folder, process, port);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await TestSilo.Eventually(
                async () => !process.HasExited && await Answers(http, new Uri(server.Address, "/-/ready")),
                TimeSpan.FromSeconds(60),
                "Prometheus is ready" + Environment.NewLine + process.Tail());
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The instant vector of a PromQL query, as label sets with their value.</summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> Query(string promql)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var answer = await http.GetFromJsonAsync<JsonElement>(new Uri(Address, "/api/v1/query?query=" + Uri.EscapeDataString(promql)));
        Assert.Equal("success", answer.GetProperty("status").GetString());
        return answer.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => (
                r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    public void Dispose()
    {
        _process.Dispose();
        _folder.Dispose();
    }

    private static string TargetsFile(IEnumerable<string> targets) =>
        $"- targets: [{string.Join(", ", targets.Select(t => $"\"{t}\""))}]{Environment.NewLine}";

    private static async Task<bool> Answers(HttpClient http, Uri url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    public static Task<bool> Reachable(HttpClient http, Uri url) => Answers(http, url);
}
