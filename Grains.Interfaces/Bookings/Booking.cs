using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>A booking as stored and shown, with the history that explains every step.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.Booking")]
public sealed record Booking
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string VenueId { get; init; }
    [Id(2)] public required DateOnly BusinessDay { get; init; }
    [Id(3)] public required BookingStatus Status { get; init; }
    [Id(4)] public required BookingSource Source { get; init; }
    [Id(5)] public required string GuestName { get; init; }
    [Id(6)] public string? GuestPhone { get; init; }
    [Id(7)] public string? GuestPhoneNormalized { get; init; }
    [Id(8)] public int? PartySize { get; init; }
    [Id(9)] public string? Notes { get; init; }
    [Id(10)] public VenueKind? BookerDepartment { get; init; }
    [Id(11)] public string? BookerName { get; init; }
    [Id(12)] public string? BookerBadge { get; init; }
    [Id(13)] public string? RequestedRoomType { get; init; }
    [Id(14)] public string? RoomId { get; init; }
    [Id(15)] public DateTimeOffset? AssignedAt { get; init; }
    [Id(16)] public bool AssignedAutomatically { get; init; }

    /// <summary>The hold deadline in force when the room was assigned (BK-2/BK-3), or as extended (BK-8).</summary>
    [Id(17)] public DateTimeOffset? HoldUntil { get; init; }

    [Id(18)] public string? HoldRule { get; init; }
    [Id(19)] public DateTimeOffset? SeatedAt { get; init; }
    [Id(20)] public DateTimeOffset? CheckedOutAt { get; init; }
    [Id(21)] public decimal? Spend { get; init; }
    [Id(22)] public required string Currency { get; init; }
    [Id(23)] public CreditStatus Credit { get; init; }

    /// <summary>When the hold ran out: stamped with its deadline, not with when it was noticed.</summary>
    [Id(24)] public DateTimeOffset? ReleasedAt { get; init; }

    [Id(25)] public bool ReleasedAfterOutage { get; init; }
    [Id(26)] public DateTimeOffset? CancellationRequestedAt { get; init; }
    [Id(27)] public FineRecommendation? Fine { get; init; }

    /// <summary>Late arrival after an automatic release, re-seated with the original booker's credit (BK-4).</summary>
    [Id(28)] public bool LateArrival { get; init; }

    [Id(29)] public IReadOnlyList<Change> History { get; init; } = [];
    [Id(30)] public int Version { get; init; }
    [Id(31)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>A room the booker asked for; reception decides (BK-6).</summary>
    [Id(32)] public string? RequestedRoomId { get; init; }

    /// <summary>The kind of the room assigned (KTV room or disco table).</summary>
    [Id(33)] public VenueKind? RoomKind { get; init; }

    /// <summary>The subject of whoever placed it: a partner system sees and acts on its own bookings only. Null before it was recorded.</summary>
    [Id(34)] public string? PlacedBy { get; init; }

    /// <summary>BK-5: when the guest arrived after the booker's cancellation (recorded once; the party is a walk-in).</summary>
    [Id(35)] public DateTimeOffset? ArrivedAfterCancellationAt { get; init; }

    /// <summary>A transfer (BK-9) under way: written before the rooms move, so a failure half-way is completed or undone at the next read or wake-up.</summary>
    [Id(36)] public RoomMove? PendingTransfer { get; init; }
}

/// <summary>A cross-grain step of a booking between two rooms, named by its operation id.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.RoomMove")]
public sealed record RoomMove(
    [property: Id(0)] string OperationId,
    [property: Id(1)] string FromRoomId,
    [property: Id(2)] string ToRoomId,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] Actor By);

/// <summary>BK-4: a fine recommended on the booker, for the department manager to confirm (DS-4).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.FineRecommendation")]
public sealed record FineRecommendation(
    [property: Id(0)] string Rule,
    [property: Id(1)] string BookerBadge,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string Currency,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] Actor RecordedBy,
    [property: Id(6)] string Evidence);

/// <summary>What the board and lists show of a booking.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.BookingSummary")]
public sealed record BookingSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] BookingStatus Status,
    [property: Id(2)] BookingSource Source,
    [property: Id(3)] string GuestName,
    [property: Id(4)] string? BookerName,
    [property: Id(5)] string? BookerBadge,
    [property: Id(6)] string? RoomId,
    [property: Id(7)] DateTimeOffset? HoldUntil,
    [property: Id(8)] decimal? Spend,
    [property: Id(9)] CreditStatus Credit,
    [property: Id(10)] int Version,
    [property: Id(11)] string? PlacedBy = null)
{
    public static BookingSummary Of(Booking b) =>
        new(b.Id, b.Status, b.Source, b.GuestName, b.BookerName, b.BookerBadge, b.RoomId, b.HoldUntil, b.Spend, b.Credit, b.Version, b.PlacedBy);
}
