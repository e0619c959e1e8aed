namespace ClubGrains.Api.Bookings;

/// <summary>Body of <c>POST bookings/{id}/assign</c>: a room, or a room type to pick a free one.</summary>
public sealed record AssignBody(string? RoomId, string? RoomType);

/// <summary>Body of <c>POST bookings/{id}/transfer</c> (BK-9).</summary>
public sealed record TransferBody(string? ToRoomId);

/// <summary>Body of <c>POST bookings/{id}/cancel</c>: at the booker's request (BK-5), or an override with a reason (BK-8).</summary>
public sealed record CancelBody(bool? AtBookersRequest, string? Reason);

/// <summary>Body of <c>POST bookings/{id}/cancel-request</c>: the booker asks reception to cancel.</summary>
public sealed record CancelRequestBody(string? Reason);

/// <summary>Body of <c>POST bookings/{id}/checkout</c> (BK-10).</summary>
public sealed record CheckoutBody(decimal? Spend);

/// <summary>Body of <c>POST bookings/{id}/outage-arrival</c>: when the guest really arrived, and how reception knows.</summary>
public sealed record OutageArrivalBody(DateTimeOffset? ArrivedAt, string? Reason);

/// <summary>Body of <c>POST bookings/{id}/extend-hold</c> (BK-8).</summary>
public sealed record ExtendHoldBody(DateTimeOffset? Until, string? Reason);

/// <summary>Body of <c>POST bookings/{id}/reinstate</c> (BK-8).</summary>
public sealed record ReinstateBody(string? RoomId, string? Reason);
