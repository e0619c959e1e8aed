using System.Diagnostics;
using System.Net;

namespace ClubGrains.Bench;

/// <summary>Latencies of one measured phase, sorted, with throughput and errors.</summary>
internal sealed class LoadResult
{
    public LoadResult(string name, int clients, TimeSpan elapsed, long[] latencyTicks, long errors, long warmupOk, IReadOnlyDictionary<string, long> errorKinds, TimeSpan? serverCpu)
    {
        ServerCpu = serverCpu;
        Name = name;
        Clients = clients;
        Elapsed = elapsed;
        Array.Sort(latencyTicks);
        LatencyTicks = latencyTicks;
        Errors = errors;
        WarmupOk = warmupOk;
        ErrorKinds = errorKinds;
    }

    public string Name { get; }

    public int Clients { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Latencies of the successful requests, in Stopwatch ticks, sorted.</summary>
    public long[] LatencyTicks { get; }

    public long Ok => LatencyTicks.Length;

    public long Errors { get; }

    /// <summary>Successful requests of the warm-up phase (they did their work too, e.g. placed bookings).</summary>
    public long WarmupOk { get; }

    public IReadOnlyDictionary<string, long> ErrorKinds { get; }

    public double Throughput => Elapsed.TotalSeconds > 0 ? Ok / Elapsed.TotalSeconds : 0;

    /// <summary>CPU time the serving process used during the measured phase (null when not measured).</summary>
    public TimeSpan? ServerCpu { get; }

    /// <summary>Server CPU per successful request, in microseconds: what a request costs, whatever else shares the machine.</summary>
    public double? ServerCpuMicroseconds => ServerCpu is { } cpu && Ok > 0 ? cpu.TotalMicroseconds / Ok : null;

    public double Ms(double percentile) => Latency.Percentile(LatencyTicks, percentile);

    public double MaxMs => LatencyTicks.Length == 0 ? 0 : Latency.ToMs(LatencyTicks[^1]);
}

internal static class Latency
{
    public static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Nearest-rank percentile of sorted ticks, in milliseconds.</summary>
    public static double Percentile(long[] sorted, double percentile)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return ToMs(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }
}

/// <summary>
/// A fixed number of concurrent clients, each sending one request after the other for a fixed time
/// (and at most a fixed count): a closed loop, as reception desks and partner systems are.
/// </summary>
internal static class HttpLoad
{
    public static HttpClient Client(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>
    /// Runs <paramref name="clients"/> loops: a warm-up (not measured), then the measured phase.
    /// <paramref name="next"/> makes the request of a sequence number, or null when there is no more work.
    /// A response counts as success when <paramref name="isOk"/> says so.
    /// </summary>
    public static async Task<LoadResult> Run(
        string name,
        HttpClient http,
        int clients,
        TimeSpan warmup,
        TimeSpan duration,
        long maxRequests,
        Func<long, HttpRequestMessage?> next,
        Func<HttpResponseMessage, Task<bool>> isOk,
        ChildProcess? server,
        TimeSpan? interval = null,
        long maxWarmupRequests = long.MaxValue,
        CancellationToken cancel = default)
    {
        long sequence = -1;
        var errorKinds = new Dictionary<string, long>(StringComparer.Ordinal);
        long warmupOk = 0;

        async Task<(List<long> Latencies, long Errors)> Loop(TimeSpan length, bool measured)
        {
            var latencies = new List<long>(4096);
            long errors = 0;
            var paced = Stopwatch.GetTimestamp();
            var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until && !cancel.IsCancellationRequested)
            {
                var seq = Interlocked.Increment(ref sequence);
                if (!measured && seq >= maxWarmupRequests)
                {
                    // The warm-up may not use up work the measured phase needs (rooms to place bookings in).
                    Interlocked.Decrement(ref sequence);
                    break;
                }

                if (seq >= maxRequests || next(seq) is not { } request)
                {
                    break;
                }

                var started = Stopwatch.GetTimestamp();
                string? error;
                if (interval is { } pause && latencies.Count + errors > 0)
                {
                    // A paced client: one request per interval, as a desk refreshing its screen.
                    var wait = pause - Stopwatch.GetElapsedTime(paced);
                    if (wait > TimeSpan.Zero)
                    {
                        try
                        {
                            await Task.Delay(wait, cancel);
                        }
                        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                        {
                            break;
                        }
                    }

                    paced = Stopwatch.GetTimestamp();
                    started = paced;
                }

                try
                {
                    using (request)
                    using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel))
                    {
                        error = await isOk(response) ? null : $"HTTP {(int)response.StatusCode}";
                    }
                }
                catch (HttpRequestException e)
                {
                    error = e.GetType().Name + (e.HttpRequestError is var kind ? $" ({kind})" : string.Empty);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    // The phase was stopped from outside (the burst is over): this request is not counted.
                    break;
                }
                catch (TaskCanceledException)
                {
                    error = "timeout";
                }

                if (error is null)
                {
                    if (measured)
                    {
                        latencies.Add(Stopwatch.GetTimestamp() - started);
                    }
                    else
                    {
                        Interlocked.Increment(ref warmupOk);
                    }
                }
                else
                {
                    errors++;
                    lock (errorKinds)
                    {
                        errorKinds[error] = errorKinds.GetValueOrDefault(error) + 1;
                    }
                }
            }

            return (latencies, errors);
        }

        if (warmup > TimeSpan.Zero)
        {
            await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => Loop(warmup, measured: false), cancel)));
            lock (errorKinds)
            {
                errorKinds.Clear();
            }
        }

        var cpuBefore = server?.CpuTime;
        var clock = Stopwatch.StartNew();
        var loops = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => Loop(duration, measured: true), cancel)));
        clock.Stop();
        var cpu = server?.CpuTime - cpuBefore;
        return new LoadResult(
            name,
            clients,
            clock.Elapsed,
            loops.SelectMany(l => l.Latencies).ToArray(),
            loops.Sum(l => l.Errors),
            warmupOk,
            errorKinds,
            cpu);
    }

    public static Task<bool> Is(HttpResponseMessage response, HttpStatusCode status) => Task.FromResult(response.StatusCode == status);
}
