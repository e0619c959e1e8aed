using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ClubGrains.Tests.Faults;

/// <summary>
/// A venue for a fault test, created over HTTP: its clock in the late window (a time zone where it is
/// about 02:00 now), every hold one minute (BK-3 with the policy at 1), and a row of small KTV rooms.
/// </summary>
public sealed class FaultVenue
{
    private FaultVenue(string id, int rooms)
    {
        Id = id;
        Rooms = rooms;
    }

    public string Id { get; }

    public int Rooms { get; }

    public string Reception => ApiFactory.Token(Roles.Reception, Id);

    public string Partner => ApiFactory.Token(Roles.ApiClient, Id);

    public static async Task<FaultVenue> Create(HttpClient http, int rooms)
    {
        var venue = new FaultVenue("f-" + Guid.NewGuid().ToString("N")[..10], rooms);
        var op = ApiFactory.Token(Roles.Operator, Actor.AllVenues);
        await Send(http, HttpMethod.Post, "/venues", op, new { id = venue.Id, name = "Fault Club", timeZone = LateNightZone(DateTimeOffset.UtcNow), kinds = new[] { "ktv" } });
        await Send(http, HttpMethod.Put, $"/venues/{venue.Id}/policy", op, new { bookings = new { laterHoldMinutes = 1, lateHoldMinutes = 1 } });
        for (var i = 1; i <= rooms; i++)
        {
            await Send(http, HttpMethod.Put, $"/venues/{venue.Id}/rooms/r{i:D2}", op, new { name = $"R{i:D2}", kind = "ktv", type = "small", capacity = 8 });
        }

        // The load books for badge K007: a booker must be a registered manager of the venue.
        await Send(http, HttpMethod.Put, $"/venues/{venue.Id}/managers/K007", ApiFactory.Token(Roles.DepartmentManager, venue.Id), new { name = "李娜", department = "ktv" });
        return venue;
    }

    /// <summary>An Etc/GMT zone where it is 02:00–02:59 now: after 22:45 and before the 06:00 cut-off, every hold lasts the policy's late minutes.</summary>
    public static string LateNightZone(DateTimeOffset utcNow)
    {
        var offset = 2 - utcNow.UtcDateTime.Hour;
        offset = offset < -12 ? offset + 24 : offset > 14 ? offset - 24 : offset;

        // IANA's Etc zones have the POSIX sign: Etc/GMT-8 is eight hours ahead of UTC.
        return offset == 0 ? "Etc/GMT" : string.Create(CultureInfo.InvariantCulture, $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}");
    }

    public static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string token, object? body = null, string? idempotencyKey = null, bool ensure = true)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ApiFactory.Json);
        }

        var response = await http.SendAsync(request);
        if (ensure && !response.IsSuccessStatusCode)
        {
            Assert.Fail($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }
}

/// <summary>One HTTP attempt of the load: when, how long, and how it ended (status 0: no HTTP answer at all).</summary>
public sealed record Attempt(DateTimeOffset Start, TimeSpan Latency, int Status, bool RetryAfter, bool ProblemDetails, string? Error);

/// <summary>
/// Booking load over HTTP, bounded in time and rate: partner workers place requests (a booking and the
/// day index written), reception workers place bookings that hold a small room for a minute. Each
/// booking has an Idempotency-Key; after a 503 or a lost connection the worker retries it with the same
/// key, as the API asks. Every attempt and every acknowledged (201) booking is kept.
/// </summary>
public sealed class BookingLoad
{
    private const int AttemptsPerBooking = 40;
    private readonly HttpClient _http;
    private readonly FaultVenue _venue;
    private int _sequence;

    public BookingLoad(HttpClient http, FaultVenue venue)
    {
        _http = http;
        _venue = venue;
    }

    public ConcurrentQueue<Attempt> Attempts { get; } = new();

    /// <summary>Acknowledged bookings by id, as the 201 answered them.</summary>
    public ConcurrentDictionary<string, Booking> Acknowledged { get; } = new();

    /// <summary>When each 201 arrived.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> AcknowledgedAt { get; } = new();

    /// <summary>Runs the workers until the token is cancelled; each stops after its current request.</summary>
    public Task Run(int partners, int receptionists, CancellationToken stop) =>
        Task.WhenAll(
            Enumerable.Range(0, partners).Select(_ => Worker(_venue.Partner, null, TimeSpan.FromMilliseconds(50), stop))
                .Concat(Enumerable.Range(0, receptionists).Select(_ => Worker(_venue.Reception, "small", TimeSpan.FromMilliseconds(700), stop))));

    private async Task Worker(string token, string? roomType, TimeSpan pause, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _sequence);
            var key = $"load-{Guid.NewGuid():N}";
            var body = new { guestName = $"客人 {n}", guestPhone = $"138{n:D8}", bookerDepartment = "ktv", bookerName = "李娜", bookerBadge = "K007", roomType };
            for (var attempt = 0; attempt < AttemptsPerBooking && !stop.IsCancellationRequested; attempt++)
            {
                var outcome = await Place(token, body, key);
                if (outcome is not (0 or 503))
                {
                    break;
                }

                // The API's Retry-After is 5 s; a partner in a hurry retries sooner, which only makes the test harsher.
                await Delay(TimeSpan.FromMilliseconds(500), stop);
            }

            await Delay(pause, stop);
        }
    }

    private async Task<int> Place(string token, object body, string key)
    {
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await FaultVenue.Send(_http, HttpMethod.Post, $"/venues/{_venue.Id}/bookings", token, body, key, ensure: false);
            var status = (int)response.StatusCode;
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            string? error = null;
            if (status == 201)
            {
                var booking = (await response.Content.ReadFromJsonAsync<Booking>(ApiFactory.Json))!;
                Acknowledged[booking.Id] = booking;
                AcknowledgedAt.TryAdd(booking.Id, DateTimeOffset.UtcNow);
            }
            else if (status != 409)
            {
                error = await response.Content.ReadAsStringAsync();
            }

            Attempts.Enqueue(new Attempt(started, watch.Elapsed, status, response.Headers.RetryAfter is not null, problem, error));
            return status;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Attempts.Enqueue(new Attempt(started, watch.Elapsed, 0, false, false, e.GetType().Name + ": " + e.Message));
            return 0;
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
            // The load is over.
        }
    }

    /// <summary>What the load saw, measured from a fault's moment: the figures a scenario prints.</summary>
    public LoadFigures Figures(DateTimeOffset faultAt)
    {
        var attempts = Attempts.ToArray();
        var failed = attempts.Where(a => a.Status is 0 or >= 500).ToArray();
        var afterFault = failed.Where(a => a.Start + a.Latency >= faultAt).ToArray();
        var lastFailureEnd = afterFault.Length == 0 ? (DateTimeOffset?)null : afterFault.Max(a => a.Start + a.Latency);
        var latencies = attempts.Select(a => a.Latency.TotalMilliseconds).Order().ToArray();
        return new LoadFigures(
            attempts.Length,
            attempts.Count(a => a.Status == 201),
            attempts.Count(a => a.Status == 409),
            attempts.Count(a => a.Status == 503),
            attempts.Count(a => a.Status == 0),
            attempts.Where(a => a.Status is not (0 or 201 or 409 or 503)).ToArray(),
            attempts.Where(a => a.Status == 503 && (!a.RetryAfter || !a.ProblemDetails)).ToArray(),
            lastFailureEnd is { } end ? Math.Max(0, (end - faultAt).TotalSeconds) : 0,
            latencies.Length == 0 ? 0 : latencies[^1],
            latencies.Length == 0 ? 0 : latencies[(int)Math.Min(latencies.Length - 1, Math.Ceiling(latencies.Length * 0.99) - 1)],
            Acknowledged.Count,
            failed.Any(f => f.Status != 503) ? string.Join(Environment.NewLine, failed.Where(f => f.Status != 503).Select(f => f.Error).Distinct().Take(5)) : null);
    }

    /// <summary>
    /// Reads every acknowledged booking back over HTTP and compares it with its 201: identical when it has
    /// not changed since, else the same booking (guest, booker, room, hold) whose history starts with the
    /// acknowledged one. Returns the ids that are missing or differ.
    /// </summary>
    public async Task<(IReadOnlyList<string> Lost, IReadOnlyDictionary<string, Booking> Now)> ReadBack(HttpClient http)
    {
        var lost = new ConcurrentBag<string>();
        var now = new ConcurrentDictionary<string, Booking>();
        await Parallel.ForEachAsync(Acknowledged.Values, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (acknowledged, cancel) =>
        {
            Booking? current = null;
            for (var attempt = 0; attempt < 10 && current is null; attempt++)
            {
                using var response = await FaultVenue.Send(http, HttpMethod.Get, $"/venues/{_venue.Id}/bookings/{acknowledged.Id}", _venue.Reception, ensure: false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    current = await response.Content.ReadFromJsonAsync<Booking>(ApiFactory.Json, cancel);
                }
                else if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    break;
                }
                else
                {
                    await Task.Delay(1000, cancel);
                }
            }

            if (current is null || !SameBooking(acknowledged, current))
            {
                lost.Add(acknowledged.Id);
            }
            else
            {
                now[current.Id] = current;
            }
        });
        return (lost.ToArray(), now);
    }

    public static bool SameBooking(Booking acknowledged, Booking current)
    {
        if (current.Version == acknowledged.Version)
        {
            return Json(current) == Json(acknowledged);
        }

        var stable = (Booking b) => Json(b with { Status = BookingStatus.Requested, History = [], Version = 0, ReleasedAt = null, ReleasedAfterOutage = false, Credit = CreditStatus.None });
        return current.Version > acknowledged.Version
            && stable(current) == stable(acknowledged)
            && current.History.Take(acknowledged.History.Count).Select(h => JsonSerializer.Serialize(h, ApiFactory.Json)).SequenceEqual(acknowledged.History.Select(h => JsonSerializer.Serialize(h, ApiFactory.Json)));
    }

    /// <summary>
    /// Each acknowledged hold, as read back, was released once, stamped with its own deadline (by
    /// <paramref name="rule"/> when given), and no room held two parties.
    /// </summary>
    public static void AssertReleasedAtTheirDeadlines(IReadOnlyList<Booking> holds, IReadOnlyDictionary<string, Booking> now, string? rule = null)
    {
        foreach (var hold in holds)
        {
            var booking = now[hold.Id];
            Assert.Equal(BookingStatus.Released, booking.Status);
            Assert.Equal(hold.HoldUntil, booking.ReleasedAt);
            var release = Assert.Single(booking.History, h => h.What.StartsWith("released the hold at its deadline", StringComparison.Ordinal));
            Assert.Equal(hold.HoldUntil, release.At);
            if (rule is not null)
            {
                Assert.Equal(rule, release.Rule);
            }
        }

        Assert.Empty(DoubleOccupancy(now.Values));
    }

    /// <summary>Pairs of bookings that held or occupied one room at overlapping times: two parties in a room.</summary>
    public static IReadOnlyList<string> DoubleOccupancy(IEnumerable<Booking> bookings)
    {
        var clashes = new List<string>();
        foreach (var room in bookings.Where(b => b.RoomId is not null && b.AssignedAt is not null).GroupBy(b => b.RoomId))
        {
            var spans = room.Select(b => (b.Id, From: b.AssignedAt!.Value, To: b.Status == BookingStatus.Held ? DateTimeOffset.MaxValue : b.ReleasedAt ?? b.HoldUntil!.Value))
                .OrderBy(s => s.From).ToArray();
            for (var i = 1; i < spans.Length; i++)
            {
                if (spans[i].From <= spans[i - 1].To)
                {
                    clashes.Add($"{room.Key}: {spans[i - 1].Id} until {spans[i - 1].To:O} and {spans[i].Id} from {spans[i].From:O}");
                }
            }
        }

        return clashes;
    }

    /// <summary>
    /// Watches the room board once a second until stopped: every hold acknowledged before a look and
    /// due after it must show on the board as that booking's. A hold missing there was released early
    /// (or lost). Returns what it saw wrong, and how many looks it made.
    /// </summary>
    public async Task<(IReadOnlyList<string> Violations, int Looks)> WatchHolds(HttpClient http, CancellationToken stop)
    {
        var violations = new List<string>();
        var looks = 0;
        while (!stop.IsCancellationRequested)
        {
            var start = DateTimeOffset.UtcNow;
            try
            {
                using var response = await FaultVenue.Send(http, HttpMethod.Get, $"/venues/{_venue.Id}/rooms", _venue.Reception, ensure: false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var board = (await response.Content.ReadFromJsonAsync<BoardRoom[]>(ApiFactory.Json, CancellationToken.None))!.ToDictionary(r => r.Id);
                    var end = DateTimeOffset.UtcNow;
                    looks++;
                    foreach (var hold in Acknowledged.Values.Where(b => b.Status == BookingStatus.Held && AcknowledgedAt[b.Id] < start && b.HoldUntil > end + TimeSpan.FromSeconds(1)))
                    {
                        var line = board[hold.RoomId!];
                        if (line.BookingId != hold.Id || line.State != RoomState.Held)
                        {
                            violations.Add($"at {end:HH:mm:ss.fff} room {hold.RoomId} showed {line.State} {line.BookingId}, but booking {hold.Id} holds it until {hold.HoldUntil:HH:mm:ss.fff}");
                        }
                    }
                }
            }
            catch (HttpRequestException)
            {
                // The board is briefly unavailable during a fault; the next look checks again.
            }

            await Delay(TimeSpan.FromSeconds(1), stop);
        }

        return (violations, looks);
    }

    public static string Json(Booking booking) => JsonSerializer.Serialize(booking, ApiFactory.Json);
}

/// <summary>The figures of a load run, printed by each scenario and copied into docs/reliability.md.</summary>
public sealed record LoadFigures(
    int Requests,
    int Created,
    int NoRoomFree,
    int Unavailable,
    int NoAnswer,
    IReadOnlyList<Attempt> Unexpected,
    IReadOnlyList<Attempt> UnavailableWithoutRetryAfter,
    double RecoverySeconds,
    double MaxLatencyMs,
    double P99LatencyMs,
    int Acknowledged,
    string? SampleErrors)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"requests {Requests}: 201 {Created}, 409 no room free {NoRoomFree}, 503 {Unavailable}, no HTTP answer {NoAnswer}, other {Unexpected.Count}; ");
        text.Append(CultureInfo.InvariantCulture, $"recovery {RecoverySeconds:0.0} s after the fault; latency max {MaxLatencyMs:0} ms, p99 {P99LatencyMs:0} ms; acknowledged bookings {Acknowledged}");
        return text.ToString();
    }
}
