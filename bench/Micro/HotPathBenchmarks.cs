using BenchmarkDotNet.Attributes;
using ClubGrains.Bookings;
using ClubGrains.Common;
using ClubGrains.Venues;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ClubGrains.Bench.Micro;

/// <summary>The pure code on every booking: policy validation, the hold deadline, and the booking's stored form.</summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private static readonly TimeOnly Cutoff = new(6, 0);
    private readonly VenuePolicy _policy = VenuePolicy.Default;
    private readonly VenueClock _clock = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), Cutoff);

    // 12:00 UTC is 20:00 in Shanghai: the early window (held until 21:00, BK-2).
    private readonly DateTimeOffset _early = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    // 13:30 UTC is 21:30 in Shanghai: the later window (20 minutes from the assignment, BK-3).
    private readonly DateTimeOffset _later = new(2026, 3, 14, 13, 30, 0, TimeSpan.Zero);

    private Serializer<Booking> _serializer = null!;
    private Booking _booking = null!;
    private byte[] _stored = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(Booking).Assembly)).BuildServiceProvider();
        _serializer = services.GetRequiredService<Serializer<Booking>>();
        _booking = SampleBooking.Held("sh-001", "0196a3c2d5e07f3e9b1c2d3e4f5a6b7c", _early);
        _stored = _serializer.SerializeToArray(_booking);
    }

    [Benchmark(Description = "VenueRules.Policy (default policy, all sections)")]
    public Result<VenuePolicy> PolicyValidation() => VenueRules.Policy(_policy, Cutoff);

    [Benchmark(Description = "HoldRules.Deadline (early window, BK-2)")]
    public Result<HoldDecision> DeadlineEarly() => HoldRules.Deadline(_early, _clock, _policy.Bookings);

    [Benchmark(Description = "HoldRules.Deadline (later window, BK-3)")]
    public Result<HoldDecision> DeadlineLater() => HoldRules.Deadline(_later, _clock, _policy.Bookings);

    [Benchmark(Description = "Orleans serializer: Booking → bytes")]
    public byte[] SerializeBooking() => _serializer.SerializeToArray(_booking);

    [Benchmark(Description = "Orleans serializer: bytes → Booking")]
    public Booking? DeserializeBooking() => _serializer.Deserialize(_stored);
}
