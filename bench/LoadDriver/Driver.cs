using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ClubGrains.Bench;

/// <summary>Runs the chosen scenarios against a service it starts itself, and the baselines beside them.</summary>
internal sealed class Driver(DriverSettings settings, Report report, TextWriter log)
{
    private const int PingGrainsNote = 1024;
    private readonly List<string> _failures = [];
    private readonly string _apiAssembly = Paths.ApiAssembly(settings.ApiAssembly);
    private LoadResult? _bare;
    private LoadResult? _grainCall;
    private RawStoreResult? _store;
    private double? _placementRate;

    /// <summary>What went wrong in the run (failed requests, unreleased holds): a smoke run fails on any.</summary>
    public IReadOnlyList<string> Failures => _failures;

    public async Task Run()
    {
        var storage = settings.Postgres is null ? "SQLite" : "PostgreSQL";
        if (settings.Scenarios.Contains("baselines"))
        {
            await RunBaselines(storage);
        }

        if (settings.Scenarios.Overlaps(["boards", "place", "burst", "soak"]))
        {
            Log($"starting the service ({storage})");
            await using var service = await ServiceUnderTest.Start(_apiAssembly, settings.Postgres, settings.ServiceSettings, log);
            var operatorToken = service.Token("operator", "bench-operator", "*");
            if (settings.Scenarios.Contains("boards"))
            {
                await Boards(service, operatorToken);
            }

            if (settings.Scenarios.Contains("place"))
            {
                await Place(service, operatorToken, storage);
            }

            if (settings.Scenarios.Contains("burst"))
            {
                await Burst(service, operatorToken, storage);
            }

            if (settings.Scenarios.Contains("soak"))
            {
                await Soak(service, operatorToken, storage);
            }
        }

        if (settings.Scenarios.Contains("memory"))
        {
            await Memory();
        }

        if (settings.Scenarios.Contains("coldstart"))
        {
            await ColdStart();
        }
    }

    private async Task RunBaselines(string storage)
    {
        var folder = Paths.NewTempFolder("baselines");
        try
        {
            var port = Ports.Free();
            Log("baseline: bare Kestrel");
            using (var bare = ChildProcess.StartDotnet("bare", Paths.DriverAssembly, [Baselines.ServeBare, "--port", Str(port)], folder))
            {
                var address = new Uri($"http://127.0.0.1:{port}");
                await ServiceUnderTest.WaitForOk(bare, new Uri(address, "/ping"), TimeSpan.FromSeconds(60));
                using var http = HttpLoad.Client(address, settings.Clients);
                _bare = await HttpLoad.Run("bare", http, settings.Clients, settings.Warmup, settings.Duration, settings.MaxRequestsPerPhase,
                    _ => new HttpRequestMessage(HttpMethod.Get, "/ping"), r => HttpLoad.Is(r, HttpStatusCode.OK), bare);
                Record("baseline: bare Kestrel, GET /ping", _bare, "separate process");
            }

            port = Ports.Free();
            Log("baseline: one trivial grain call per request");
            using (var grain = ChildProcess.StartDotnet("grain", Paths.DriverAssembly,
                       [Baselines.ServeGrain, "--port", Str(port), "--silo-port", Str(Ports.Free()), "--gateway-port", Str(Ports.Free())], folder))
            {
                var address = new Uri($"http://127.0.0.1:{port}");
                await ServiceUnderTest.WaitForOk(grain, new Uri(address, "/ready"), TimeSpan.FromSeconds(60));
                using var http = HttpLoad.Client(address, settings.Clients);
                _grainCall = await HttpLoad.Run("grain", http, settings.Clients, settings.Warmup, settings.Duration, settings.MaxRequestsPerPhase,
                    _ => new HttpRequestMessage(HttpMethod.Get, "/ping"), r => HttpLoad.Is(r, HttpStatusCode.OK), grain);
                Record("baseline: one trivial grain call, GET /ping", _grainCall, $"co-hosted silo, no storage; {PingGrainsNote} grains");
            }

            Log($"baseline: raw store ({storage})");
            var dbPath = Path.Combine(folder, "store", "store.db");
            var serviceId = $"bench-store-{Guid.NewGuid().ToString("N")[..8]}";
            List<string> arguments =
            [
                Baselines.RawStore, "--clients", Str(settings.Clients), "--seconds", Str((int)settings.Duration.TotalSeconds),
                "--warmup", Str((int)settings.Warmup.TotalSeconds), "--silo-port", Str(Ports.Free()), "--gateway-port", Str(Ports.Free()),
                "--service-id", serviceId,
            ];
            arguments.AddRange(settings.Postgres is null ? ["--sqlite", dbPath] : ["--postgres", settings.Postgres]);
            using var store = ChildProcess.StartDotnet("raw-store", Paths.DriverAssembly, arguments, folder);
            var code = await store.WaitForExit(settings.Duration + settings.Warmup + TimeSpan.FromMinutes(3));
            if (code != 0 || store.Marked.Count != 1)
            {
                throw new InvalidOperationException($"The raw store run failed.\n{store.Tail()}");
            }

            _store = JsonSerializer.Deserialize<RawStoreResult>(store.Marked[0])!;
            await using IWriteCounter counter = settings.Postgres is null ? new SqliteWriteCounter(dbPath) : new PostgresWriteCounter(settings.Postgres, serviceId);
            await counter.Install();
            var counted = (await counter.Count()).Total;
            var operations = _store.Writes + _store.WarmupWrites;
            report.LoadRow($"baseline: raw store, one Orleans ADO.NET state write per call ({storage})", settings.Clients, _store.Writes, _store.Seconds, _store.Rate,
                _store.P50, _store.P90, _store.P99, _store.Max, _store.Writes > 0 ? _store.CpuMicroseconds : null, _store.Errors,
                $"in-process grain calls, the service's storage configuration; {counted / (double)operations:0.000} writes counted per call; 10,000 grains, booking-sized state");
            if (_store.Errors > 0)
            {
                _failures.Add($"raw store: {_store.Errors} failed writes");
            }
        }
        finally
        {
            Paths.DeleteQuietly(folder);
        }
    }

    private async Task Boards(ServiceUnderTest service, string operatorToken)
    {
        const string venue = "board-001";
        const int rooms = 50;
        Log("scenario 2: room board of a 50-room venue");
        await CreateVenues(service, operatorToken, [venue], rooms, ZoneName(OffsetForLocalHour(12)), policyJson: null);
        var desk = service.Token("reception", $"desk-{venue}", venue);
        for (var i = 0; i < rooms / 2; i++)
        {
            await Must(service.Http, () => Json(HttpMethod.Post, $"/venues/{venue}/bookings", desk, BookingBody(i, RoomId(i))), HttpStatusCode.Created, "place a booking");
        }

        var before = await service.Writes.Count();
        var result = await HttpLoad.Run("boards", service.Http, settings.Clients, settings.Warmup, settings.Duration, settings.MaxRequestsPerPhase,
            _ => Get($"/venues/{venue}/rooms", desk), r => HttpLoad.Is(r, HttpStatusCode.OK), service.Process);
        var writes = (await service.Writes.Count()).Minus(before).Total;
        Record("2. board of a 50-room venue, GET /venues/{v}/rooms", result, $"reception token; 25 of 50 rooms held; {writes} durable writes during the reads");
        if (_grainCall is not null)
        {
            report.Add(new Target("board reads", "board reads/s ÷ trivial-grain-call HTTP baseline/s", result.Throughput / _grainCall.Throughput, 0.5, AtMost: false,
                $"{result.Throughput:0}/s vs {_grainCall.Throughput:0}/s"));
        }
    }

    private async Task Place(ServiceUnderTest service, string operatorToken, string storage)
    {
        var venues = Enumerable.Range(1, settings.PlaceVenues).Select(i => $"place-{i:0000}").ToArray();
        Log($"scenario 1: setting up {venues.Length} venues × {settings.RoomsPerVenue} rooms");
        await CreateVenues(service, operatorToken, venues, settings.RoomsPerVenue, ZoneName(OffsetForLocalHour(12)), policyJson: null);
        var desks = venues.ToDictionary(v => v, v => service.Token("reception", $"desk-{v}", v), StringComparer.Ordinal);
        var pool = (long)venues.Length * settings.RoomsPerVenue;
        Log("scenario 1: placing bookings");
        var before = await service.Writes.Count();
        var result = await HttpLoad.Run("place", service.Http, settings.Clients, settings.Warmup, settings.Duration, Math.Min(pool, settings.MaxRequestsPerPhase),
            seq =>
            {
                var venue = venues[seq % venues.Length];
                return Json(HttpMethod.Post, $"/venues/{venue}/bookings", desks[venue], BookingBody(seq, RoomId((int)(seq / venues.Length))));
            },
            r => HttpLoad.Is(r, HttpStatusCode.Created),
            service.Process,
            maxWarmupRequests: pool / 5);
        var delta = (await service.Writes.Count()).Minus(before);
        var placed = result.Ok + result.WarmupOk;
        var perPlacement = delta.Total / (double)placed;
        _placementRate = result.Throughput;
        Record("1. place bookings, POST /venues/{v}/bookings", result,
            $"reception, no Idempotency-Key; {venues.Length} venues × {settings.RoomsPerVenue} rooms, each room once; {placed:N0} placed incl. warm-up");
        report.Section($"Durable writes per booking placement ({storage}, counted in the database)",
        [
            ("placements counted (warm-up and measured)", Report.F(placed)),
            ("writes by kind, per placement", delta.PerOperation(placed)),
            ("total writes per placement", Report.F(perPlacement, "0.000")),
        ]);
        if (_store is not null)
        {
            var bound = _store.Rate / perPlacement;
            report.Add(new Target("placement throughput", "placements/s ÷ (raw store writes/s ÷ writes per placement)", result.Throughput / bound, 0.8, AtMost: false,
                $"{result.Throughput:0}/s vs {_store.Rate:0} ÷ {perPlacement:0.000} = {bound:0}/s"));
        }
    }

    private async Task Burst(ServiceUnderTest service, string operatorToken, string storage)
    {
        var holds = settings.BurstVenues * settings.BurstRooms;
        var venues = Enumerable.Range(1, settings.BurstVenues).Select(i => $"burst-{i:0000}").ToArray();
        var offset = OffsetForLocalHour(20);
        Log($"scenario 3: setting up {venues.Length} venues × {settings.BurstRooms} rooms");
        await CreateVenues(service, operatorToken, venues, settings.BurstRooms, ZoneName(offset), policyJson: null);
        var desks = venues.ToDictionary(v => v, v => service.Token("reception", $"desk-{v}", v), StringComparer.Ordinal);

        // BK-2: every room assigned before earlyAssignmentBefore is held until earlyHoldUntil, one instant
        // for all. Put that instant far enough ahead for every hold to be placed before it.
        var rate = _placementRate is > 0 ? _placementRate.Value : 150;
        var lead = TimeSpan.FromSeconds(Math.Max(settings.Smoke ? 8 : 20, holds / rate * 1.5 + 10));
        var now = DateTimeOffset.UtcNow + lead;
        var deadline = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
        var local = TimeOnly.FromTimeSpan((deadline.UtcDateTime + TimeSpan.FromHours(offset)).TimeOfDay);
        var assignBefore = local.Add(TimeSpan.FromSeconds(-1)).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var holdUntil = local.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var policy = "{\"bookings\":{\"earlyAssignmentBefore\":\"" + assignBefore + "\",\"earlyHoldUntil\":\"" + holdUntil + "\"}}";
        await Parallel.ForEachAsync(venues, Degree(settings.Clients), async (venue, _) =>
            await Must(service.Http, () => Json(HttpMethod.Put, $"/venues/{venue}/policy", operatorToken, policy), HttpStatusCode.OK, "set the policy"));

        Log($"scenario 3: placing {holds:N0} holds, all until {deadline:HH:mm:ss} UTC ({local:HH:mm:ss} at the venues)");
        var bookings = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        long wrongDeadline = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, holds), Degree(settings.Clients), async (i, _) =>
        {
            var venue = venues[i % venues.Length];
            var body = await Must(service.Http, () => Json(HttpMethod.Post, $"/venues/{venue}/bookings", desks[venue], BookingBody(i, RoomId(i / venues.Length))), HttpStatusCode.Created, "place a hold");
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.GetProperty("holdUntil").GetDateTimeOffset() != deadline)
            {
                Interlocked.Increment(ref wrongDeadline);
            }

            bookings[json.RootElement.GetProperty("id").GetString()!] = venue;
        });
        var placedAhead = deadline - DateTimeOffset.UtcNow;
        if (wrongDeadline > 0)
        {
            _failures.Add($"burst: {wrongDeadline} holds did not end at the common deadline (placement overran the lead of {lead.TotalSeconds:0} s)");
        }

        var before = await service.Writes.Count();
        var metricsBefore = await service.Metrics();
        var wait = deadline - DateTimeOffset.UtcNow;
        Log($"scenario 3: all placed {placedAhead.TotalSeconds:0.0} s ahead; waiting for the deadline");
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var maxWait = TimeSpan.FromSeconds(Math.Max(60, holds / 20.0));
        using var over = new CancellationTokenSource();
        var boardReads = HttpLoad.Run("burst boards", service.Http, settings.BoardReaders, TimeSpan.Zero, maxWait, settings.MaxRequestsPerPhase,
            _ =>
            {
                var venue = venues[Random.Shared.Next(venues.Length)];
                return Get($"/venues/{venue}/rooms", desks[venue]);
            },
            r => HttpLoad.Is(r, HttpStatusCode.OK),
            server: null,
            interval: TimeSpan.FromSeconds(settings.BoardReaders / (double)venues.Length),
            cancel: over.Token);
        var observed = await ObserveReleases(service, desks, bookings, maxWait, TimeSpan.FromMilliseconds(250));
        await over.CancelAsync();
        var boards = await boardReads;
        var delta = (await service.Writes.Count()).Minus(before);
        var metricsAfter = await service.Metrics();

        // The stored record: released, stamped with the deadline (a sample of one booking per venue, at most 50).
        var mismatched = 0;
        foreach (var (id, venue) in bookings.GroupBy(kv => kv.Value).Select(g => g.First()).Take(50).Select(kv => (kv.Key, kv.Value)))
        {
            using var json = JsonDocument.Parse(await Must(service.Http, () => Get($"/venues/{venue}/bookings/{id}", desks[venue]), HttpStatusCode.OK, "read a booking"));
            var root = json.RootElement;
            if (root.GetProperty("status").GetString() != "released" || !root.TryGetProperty("releasedAt", out var at) || at.GetDateTimeOffset() != deadline)
            {
                mismatched++;
            }
        }

        var problems = service.Process.Problems;
        var lateness = observed.Values.Select(t => (t - deadline).Ticks).Order().ToArray();
        var released = lateness.Length;
        var allReleasedMs = released == 0 ? 0 : TimeSpan.FromTicks(lateness[^1]).TotalMilliseconds;
        var releaseRate = allReleasedMs > 0 ? released / (allReleasedMs / 1000) : 0;
        var perRelease = released == 0 ? 0 : delta.Total / (double)released;
        var applied = metricsAfter.Sum("clubgrains_hold_release_lateness_seconds_count") - metricsBefore.Sum("clubgrains_hold_release_lateness_seconds_count");
        var appliedSum = metricsAfter.Sum("clubgrains_hold_release_lateness_seconds_sum") - metricsBefore.Sum("clubgrains_hold_release_lateness_seconds_sum");

        if (released < holds)
        {
            _failures.Add($"burst: only {released} of {holds} holds were seen released within {maxWait.TotalSeconds:0} s");
        }

        if (mismatched > 0)
        {
            _failures.Add($"burst: {mismatched} sampled bookings were not stored as released at the deadline");
        }

        Record($"3. board reads during the burst, GET /venues/{{v}}/rooms", boards, $"paced: each venue's board read about once a second ({venues.Length} reads/s by {settings.BoardReaders} clients), a random burst venue per read, from the deadline until every hold was seen released");
        report.Section($"3. The 21:00 burst ({storage}): {holds:N0} holds at {venues.Length:N0} venues × {settings.BurstRooms} rooms, one deadline",
        [
            ("holds placed / seen released and stored", $"{bookings.Count:N0} / {released:N0}"),
            ("placed ahead of the deadline by", $"{placedAhead.TotalSeconds:0.0} s"),
            ("time from the deadline until all released and stored", $"{allReleasedMs / 1000:0.00} s"),
            ("release rate", $"{releaseRate:0} holds/s"),
            ("release lateness p50 / p99 / max (seen released in the day's list − stored releasedAt)", $"{Ms(lateness, 50) / 1000:0.00} s / {Ms(lateness, 99) / 1000:0.00} s / {allReleasedMs / 1000:0.00} s"),
            ("releases applied (clubgrains.hold.release.lateness count) and their mean lateness when applied", $"{applied:N0}, {(applied > 0 ? appliedSum / applied : 0):0.000} s"),
            ("sampled stored bookings released at the deadline", $"{Math.Min(50, venues.Length) - mismatched} of {Math.Min(50, venues.Length)}"),
            ("writes by kind, per release", delta.PerOperation(released)),
            ("total writes per release", Report.F(perRelease, "0.000")),
            ("board reads during the burst: count, p50 / p99 / max", $"{boards.Ok:N0}, {boards.Ms(50):0.0} / {boards.Ms(99):0.0} / {boards.MaxMs:0.0} ms"),
            ("releases seen after 90 % of the time to the last one (the tail)", $"{lateness.Count(t => t > lateness[^1] * 0.9):N0}"),
            ("service log entries at Warning or above so far (first ones)", problems.Count == 0 ? "0" : $"{problems.Count}: {string.Join(" / ", problems.First).Replace("|", "/", StringComparison.Ordinal)}"),
        ]);
        if (_store is not null && perRelease > 0)
        {
            var bound = _store.Rate / perRelease;
            report.Add(new Target("burst release rate", "releases/s ÷ (raw store writes/s ÷ writes per release)", releaseRate / bound, 0.8, AtMost: false,
                $"{releaseRate:0}/s vs {_store.Rate:0} ÷ {perRelease:0.000} = {bound:0}/s"));
        }

        report.Add(new Target("board p99 during the burst", "p99 of board reads while holds are released (ms)", boards.Ms(99), 100, AtMost: true,
            $"{boards.Ok:N0} reads by {settings.BoardReaders} clients"));
    }

    /// <summary>
    /// The burst, again and again: each round, every venue's holds fall due together, after the day's
    /// wake-up was moved later (holds placed first, until two seconds after the round's instant) and
    /// earlier again (more placed until the instant itself), and a few holds are extended by the GM
    /// while armed. Per round: how many were seen released more than a second after their deadline.
    /// </summary>
    private async Task Soak(ServiceUnderTest service, string operatorToken, string storage)
    {
        var venues = Enumerable.Range(1, settings.SoakVenues).Select(i => $"soak-{i:0000}").ToArray();
        var offset = OffsetForLocalHour(20);
        Log($"scenario 6: setting up {venues.Length} venues × {settings.SoakRooms} rooms for {settings.SoakRounds} rounds");
        await CreateVenues(service, operatorToken, venues, settings.SoakRooms, ZoneName(offset), policyJson: null);
        var desks = venues.ToDictionary(v => v, v => service.Token("reception", $"desk-{v}", v), StringComparer.Ordinal);
        var gms = venues.ToDictionary(v => v, v => service.Token("gm", $"gm-{v}", v), StringComparer.Ordinal);
        var late = TimeSpan.FromSeconds(1);
        var maxWait = TimeSpan.FromSeconds(60);
        var rows = new List<(string Name, string Value)>();
        var all = new List<long>();
        long seq = 1_000_000;
        long lateTotal = 0;
        double appliedLateTotal = 0;
        long unreleased = 0;
        long mismatched = 0;
        var roundsWithLate = 0;

        string Policy(DateTimeOffset holdUntil)
        {
            var local = TimeOnly.FromTimeSpan((holdUntil.UtcDateTime + TimeSpan.FromHours(offset)).TimeOfDay);
            return "{\"bookings\":{\"earlyAssignmentBefore\":\"" + local.Add(TimeSpan.FromSeconds(-1)).ToString("HH:mm:ss", CultureInfo.InvariantCulture)
                + "\",\"earlyHoldUntil\":\"" + local.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "\"}}";
        }

        async Task SetPolicy(DateTimeOffset holdUntil) =>
            await Parallel.ForEachAsync(venues, Degree(settings.Clients), async (venue, _) =>
                await Must(service.Http, () => Json(HttpMethod.Put, $"/venues/{venue}/policy", operatorToken, Policy(holdUntil)), HttpStatusCode.OK, "set the policy"));

        async Task Place(IEnumerable<(string Venue, int Room)> holds, ConcurrentDictionary<string, (string Venue, DateTimeOffset Due)> into) =>
            await Parallel.ForEachAsync(holds, Degree(settings.Clients), async (hold, _) =>
            {
                var body = await Must(service.Http, () => Json(HttpMethod.Post, $"/venues/{hold.Venue}/bookings", desks[hold.Venue],
                    BookingBody(Interlocked.Increment(ref seq), RoomId(hold.Room))), HttpStatusCode.Created, "place a hold");
                using var json = JsonDocument.Parse(body);
                into[json.RootElement.GetProperty("id").GetString()!] = (hold.Venue, json.RootElement.GetProperty("holdUntil").GetDateTimeOffset());
            });

        for (var round = 1; round <= settings.SoakRounds; round++)
        {
            var holds = venues.Length * settings.SoakRooms;
            var lead = TimeSpan.FromSeconds(Math.Max(8, holds / (_placementRate is > 0 ? _placementRate.Value : 150) * 3 + 5));
            var at = DateTimeOffset.UtcNow + lead;
            var instant = new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
            var placed = new ConcurrentDictionary<string, (string Venue, DateTimeOffset Due)>(StringComparer.Ordinal);
            var rooms = venues.SelectMany(v => Enumerable.Range(0, settings.SoakRooms).Select(r => (Venue: v, Room: r))).ToArray();

            // Half first, until two seconds after the instant; then the rest until the instant: each day's wake-up moves earlier.
            await SetPolicy(instant.AddSeconds(2));
            await Place(rooms.Where(h => h.Room % 2 == 1), placed);
            await SetPolicy(instant);
            await Place(rooms.Where(h => h.Room % 2 == 0), placed);

            // Every fourth of the first half is extended by a second while armed: its deadline moves later.
            var extend = placed.Where(kv => kv.Value.Due > instant).OrderBy(kv => kv.Key, StringComparer.Ordinal).Where((_, i) => i % 4 == 0).ToArray();
            await Parallel.ForEachAsync(extend, Degree(settings.Clients), async (kv, _) =>
            {
                var until = kv.Value.Due.AddSeconds(1);
                await Must(service.Http, () => Json(HttpMethod.Post, $"/venues/{kv.Value.Venue}/bookings/{kv.Key}/extend-hold", gms[kv.Value.Venue],
                    $$"""{"until":"{{until:O}}","reason":"soak: the party is late"}"""), HttpStatusCode.OK, "extend a hold");
                placed[kv.Key] = (kv.Value.Venue, until);
            });

            var metricsBefore = await service.Metrics();
            var ahead = instant - DateTimeOffset.UtcNow;
            var overran = placed.Count(kv => kv.Value.Due != instant && kv.Value.Due != instant.AddSeconds(2) && kv.Value.Due != instant.AddSeconds(3));
            if (overran > 0)
            {
                _failures.Add($"soak round {round}: {overran} holds did not get the round's deadline (placement overran the lead of {lead.TotalSeconds:0} s)");
            }

            if (ahead > TimeSpan.Zero)
            {
                await Task.Delay(ahead);
            }

            var observed = await ObserveReleases(service, desks, new ConcurrentDictionary<string, string>(placed.ToDictionary(kv => kv.Key, kv => kv.Value.Venue), StringComparer.Ordinal),
                maxWait, TimeSpan.FromMilliseconds(100));
            var lateness = observed.Select(kv => Math.Max(0, (kv.Value - placed[kv.Key].Due).Ticks)).Order().ToArray();
            var lateHere = lateness.Count(t => t > late.Ticks);

            // As the service measured it when applying each release (its histogram has a bucket at 1 s).
            var metricsAfter = await service.Metrics();
            double Delta(string metric, string? filter = null) => metricsAfter.Sum(metric, filter) - metricsBefore.Sum(metric, filter);
            var applied = Delta("clubgrains_hold_release_lateness_seconds_count");
            var appliedLate = applied - Delta("clubgrains_hold_release_lateness_seconds_bucket", "le=\"1\"");
            var appliedMean = applied > 0 ? Delta("clubgrains_hold_release_lateness_seconds_sum") / applied : 0;
            appliedLateTotal += appliedLate;
            lateTotal += lateHere;
            roundsWithLate += lateHere > 0 ? 1 : 0;
            unreleased += placed.Count - observed.Count;
            all.AddRange(lateness);

            // The stored record of a few: released, stamped with its own deadline.
            foreach (var (id, (venue, due)) in placed.OrderBy(kv => kv.Key, StringComparer.Ordinal).Take(3))
            {
                using var json = JsonDocument.Parse(await Must(service.Http, () => Get($"/venues/{venue}/bookings/{id}", desks[venue]), HttpStatusCode.OK, "read a booking"));
                var root = json.RootElement;
                if (root.GetProperty("status").GetString() != "released" || !root.TryGetProperty("releasedAt", out var releasedAt) || releasedAt.GetDateTimeOffset() != due)
                {
                    Interlocked.Increment(ref mismatched);
                }
            }

            rows.Add(($"round {round}: {placed.Count} holds ({extend.Length} extended); seen released / later than {late.TotalSeconds:0} s; seen lateness p50 / p99 / max; applied (metric) / later than 1 s / mean lateness",
                $"{observed.Count} / {lateHere}; {Ms(lateness, 50):0} / {Ms(lateness, 99):0} / {Ms(lateness, 100):0} ms; {applied:0} / {appliedLate:0} / {appliedMean * 1000:0.0} ms"));
            Log($"  soak round {round}: {observed.Count} of {placed.Count} released, {lateHere} later than {late.TotalSeconds:0} s, max {Ms(lateness, 100):0} ms");
        }

        var sorted = all.Order().ToArray();
        if (unreleased > 0)
        {
            _failures.Add($"soak: {unreleased} holds were not seen released within {maxWait.TotalSeconds:0} s of their deadline");
        }

        if (mismatched > 0)
        {
            _failures.Add($"soak: {mismatched} sampled bookings were not stored as released at their own deadline");
        }

        rows.Add(("all rounds: holds seen released later than 1 s / rounds with any", $"{lateTotal} / {roundsWithLate} of {settings.SoakRounds}"));
        rows.Add(("all rounds: releases applied later than 1 s (clubgrains.hold.release.lateness above its 1 s bucket)", $"{appliedLateTotal:0}"));
        rows.Add(("all rounds: lateness p50 / p99 / max (seen released in the day's held list, polled every 100 ms, − the booking's deadline)",
            $"{Ms(sorted, 50):0} / {Ms(sorted, 99):0} / {Ms(sorted, 100):0} ms"));
        report.Section($"6. Deadline soak ({storage}): {settings.SoakRounds} rounds × {venues.Length} venues × {settings.SoakRooms} holds, wake-ups moved earlier and later while armed", rows);
        // The release is applied when the booking stores it (the service's measure); the day's list
        // shows it a step later, and the poll's answer later still on a loaded machine: an upper bound.
        report.Add(new Target("soak: holds released late", "releases applied more than 1 s after their deadline (clubgrains.hold.release.lateness), all rounds", appliedLateTotal, 0, AtMost: true,
            $"{sorted.Length:N0} releases in {settings.SoakRounds} rounds; seen in the day's list more than 1 s late: {lateTotal} (max {Ms(sorted, 100):0} ms)"));
    }

    private static double Ms(long[] ticks, double p) =>
        ticks.Length == 0 ? 0 : TimeSpan.FromTicks(ticks[Math.Clamp((int)Math.Ceiling(p / 100 * ticks.Length) - 1, 0, ticks.Length - 1)]).TotalMilliseconds;

    /// <summary>
    /// Polls each venue's list of held bookings (the day index, written last on a release) until every
    /// hold has left it: that moment is when the release was applied and stored.
    /// </summary>
    private static async Task<ConcurrentDictionary<string, DateTimeOffset>> ObserveReleases(
        ServiceUnderTest service, Dictionary<string, string> desks, ConcurrentDictionary<string, string> bookings, TimeSpan maxWait, TimeSpan every)
    {
        var pending = bookings.GroupBy(kv => kv.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var observed = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        while (pending.Count > 0 && clock.Elapsed < maxWait)
        {
            var round = Stopwatch.StartNew();
            string[] venues;
            lock (pending)
            {
                venues = [.. pending.Keys];
            }

            await Parallel.ForEachAsync(venues, Degree(8), async (venue, cancel) =>
            {
                using var request = Get($"/venues/{venue}/bookings?state=held", desks[venue]);
                using var response = await service.Http.SendAsync(request, cancel);
                var body = await response.Content.ReadAsStringAsync(cancel);
                var at = DateTimeOffset.UtcNow;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return;
                }

                using var json = JsonDocument.Parse(body);
                var held = json.RootElement.EnumerateArray().Select(b => b.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
                lock (pending)
                {
                    var waiting = pending[venue];
                    foreach (var id in waiting.Where(id => !held.Contains(id)).ToArray())
                    {
                        observed[id] = at;
                        waiting.Remove(id);
                    }

                    if (waiting.Count == 0)
                    {
                        pending.Remove(venue);
                    }
                }
            });

            if (round.Elapsed < every)
            {
                await Task.Delay(every - round.Elapsed);
            }
        }

        return observed;
    }

    private async Task Memory()
    {
        var venues = Enumerable.Range(1, Math.Max(1, settings.MemoryRooms / 50)).Select(i => $"mem-{i:00000}").ToArray();
        var rooms = venues.Length * 50;
        Log($"scenario 4: starting a fresh service; {venues.Length:N0} venues × 50 rooms");
        await using var service = await ServiceUnderTest.Start(_apiAssembly, settings.Postgres, settings.ServiceSettings, log);
        var operatorToken = service.Token("operator", "bench-operator", "*");
        await CreateVenues(service, operatorToken, venues, 50, ZoneName(OffsetForLocalHour(12)), policyJson: null);

        var gcBefore = await service.InduceFullGc();
        var before = await service.Metrics();
        Log($"scenario 4: activating {rooms:N0} room grains (each venue's board reads its rooms once)");
        long failed = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(venues, Degree(settings.Clients), async (venue, cancel) =>
        {
            using var request = Get($"/venues/{venue}/rooms", operatorToken);
            using var response = await service.Http.SendAsync(request, cancel);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failed);
            }
        });
        var activation = clock.Elapsed;
        var gcAfter = await service.InduceFullGc();
        var after = await service.Metrics();

        static double Live(PrometheusText m) =>
            m.Sum("dotnet_gc_last_collection_heap_size_bytes") - m.Sum("dotnet_gc_last_collection_heap_fragmentation_size_bytes");
        var activated = after.Sum("orleans_catalog_activation_created_total", "grain_type=\"room\"") - before.Sum("orleans_catalog_activation_created_total", "grain_type=\"room\"");
        var heapBefore = Live(before);
        var heapAfter = Live(after);
        var workingBefore = before.Sum("dotnet_process_memory_working_set_bytes");
        var workingAfter = after.Sum("dotnet_process_memory_working_set_bytes");
        var perRoom = activated > 0 ? (heapAfter - heapBefore) / activated : 0;
        var workingPerRoom = activated > 0 ? (workingAfter - workingBefore) / activated : 0;
        if (failed > 0 || activated < rooms)
        {
            _failures.Add($"memory: {failed} board reads failed; {activated} of {rooms} room grains activated");
        }

        if (gcBefore < 1 || gcAfter < 1)
        {
            _failures.Add("memory: the induced full GC did not happen, the heap figures are not live data");
        }

        report.Section($"4. Memory per active room grain ({rooms:N0} rooms at {venues.Length:N0} venues)",
        [
            ("room grains activated (orleans_catalog_activation_created_total, grain_type=room)", Report.F((long)activated)),
            ("activation time (GET each venue's board once, which reads its 50 rooms)", $"{activation.TotalSeconds:0.0} s"),
            ("live GC heap after a full GC: before / after", $"{heapBefore / 1048576:0.0} MiB / {heapAfter / 1048576:0.0} MiB"),
            ("working set: before / after", $"{workingBefore / 1048576:0.0} MiB / {workingAfter / 1048576:0.0} MiB"),
            ("live heap per active room grain (with its board line)", $"{perRoom:0} bytes"),
            ("working set per active room grain", $"{workingPerRoom:0} bytes"),
        ]);
        report.Add(new Target("memory per active room grain", "Δ live GC heap ÷ room grains activated (bytes)", perRoom, 4096, AtMost: true,
            $"{activated:N0} rooms; working set {workingPerRoom:0} bytes per room"));
    }

    private async Task ColdStart()
    {
        var service = new List<double>();
        var bare = new List<double>();
        var folder = Paths.NewTempFolder("coldstart");
        try
        {
            for (var i = 0; i < settings.ColdStarts; i++)
            {
                Log($"scenario 5: cold start {i + 1} of {settings.ColdStarts}");
                await using (var started = await ServiceUnderTest.Start(_apiAssembly, settings.Postgres, settings.ServiceSettings, log))
                {
                    service.Add(started.StartToReady.TotalMilliseconds);
                }

                var port = Ports.Free();
                var clock = Stopwatch.StartNew();
                using var silo = ChildProcess.StartDotnet("bare silo", Paths.DriverAssembly,
                    [Baselines.ServeGrain, "--port", Str(port), "--silo-port", Str(Ports.Free()), "--gateway-port", Str(Ports.Free())], folder);
                await ServiceUnderTest.WaitForOk(silo, new Uri($"http://127.0.0.1:{port}/ready"), TimeSpan.FromSeconds(120));
                bare.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        finally
        {
            Paths.DeleteQuietly(folder);
        }

        static double Median(List<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var serviceMedian = Median(service);
        var bareMedian = Median(bare);
        report.Section($"5. Cold start to ready ({settings.ColdStarts} starts each, fresh data folder each time)",
        [
            ("embedded service: process start → /health/ready 200 (median; each)", $"{serviceMedian:0} ms; {string.Join(", ", service.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))} ms"),
            ("bare co-hosted silo: process start → first grain call answered over HTTP (median; each)", $"{bareMedian:0} ms; {string.Join(", ", bare.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))} ms"),
        ]);
        report.Add(new Target("cold start", "service start-to-ready ÷ bare silo start-to-ready", serviceMedian / bareMedian, 1.5, AtMost: true,
            $"{serviceMedian:0} ms vs {bareMedian:0} ms (medians)"));
    }

    /// <summary>Creates venues (with their rooms, and a policy when given), a venue per parallel task.</summary>
    private async Task CreateVenues(ServiceUnderTest service, string operatorToken, string[] venues, int rooms, string zone, string? policyJson)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(venues, Degree(settings.Clients), async (venue, _) =>
        {
            var body = $$"""{"id":"{{venue}}","name":"Bench {{venue}}","timeZone":"{{zone}}","kinds":["ktv"]}""";
            await Must(service.Http, () => Json(HttpMethod.Post, "/venues", operatorToken, body), HttpStatusCode.Created, "create a venue");
            if (policyJson is not null)
            {
                await Must(service.Http, () => Json(HttpMethod.Put, $"/venues/{venue}/policy", operatorToken, policyJson), HttpStatusCode.OK, "set the policy");
            }

            for (var r = 0; r < rooms; r++)
            {
                var room = RoomId(r);
                await Must(service.Http, () => Json(HttpMethod.Put, $"/venues/{venue}/rooms/{room}", operatorToken,
                    $$"""{"name":"Room {{room}}","kind":"ktv","type":"medium","capacity":8}"""), HttpStatusCode.OK, "add a room");
            }

            // Bookers must be registered managers of the venue; the placements book for these badges.
            var departmentManager = service.Token("dept-manager", $"dm-{venue}", venue);
            for (var b = 0; b < Bookers; b++)
            {
                var badge = Badge(b);
                await Must(service.Http, () => Json(HttpMethod.Put, $"/venues/{venue}/managers/{badge}", departmentManager,
                    """{"name":"Li Na","department":"ktv"}"""), HttpStatusCode.OK, "register a manager");
            }
        });
        Log($"  {venues.Length:N0} venues × {rooms} rooms ready in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Account managers registered per venue, whose badges the placements book for.</summary>
    private const int Bookers = 5;

    private static string Badge(int index) => string.Create(CultureInfo.InvariantCulture, $"A{index:000}");

    private static async Task<string> Must(HttpClient http, Func<HttpRequestMessage> make, HttpStatusCode expected, string what)
    {
        using var request = make();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == expected
            ? body
            : throw new InvalidOperationException($"Could not {what}: {request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {body}");
    }

    private static HttpRequestMessage Get(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string token, string json)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>BK-1's details, placed by reception for an account manager's guest, in a given room.</summary>
    private static string BookingBody(long seq, string roomId) =>
        $$"""{"guestName":"Guest {{seq}}","guestPhone":"138{{seq % 100_000_000:00000000}}","bookerDepartment":"ktv","bookerName":"Li Na","bookerBadge":"{{Badge((int)(seq % Bookers))}}","roomId":"{{roomId}}","partySize":6}""";

    private static string RoomId(int index) => $"r{index + 1:000}";

    /// <summary>The whole-hour UTC offset at which the local time now is within the given hour.</summary>
    private static int OffsetForLocalHour(int hour)
    {
        var offset = hour - DateTime.UtcNow.Hour;
        while (offset > 14)
        {
            offset -= 24;
        }

        while (offset < -12)
        {
            offset += 24;
        }

        return offset;
    }

    /// <summary>IANA's fixed-offset zones: Etc/GMT-8 is UTC+8 (the sign is inverted by POSIX convention).</summary>
    private static string ZoneName(int offset) => offset == 0 ? "Etc/GMT" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}";

    private static ParallelOptions Degree(int degree) => new() { MaxDegreeOfParallelism = degree };

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);

    private void Record(string scenario, LoadResult result, string notes)
    {
        report.Load(scenario, result, notes);
        if (result.Errors > 0)
        {
            _failures.Add($"{scenario}: {result.Errors} failed requests ({string.Join(", ", result.ErrorKinds.Select(kv => $"{kv.Key}: {kv.Value}"))})");
        }

        if (result.Ok == 0)
        {
            _failures.Add($"{scenario}: no request succeeded");
        }
    }

    private void Log(string message) => log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
