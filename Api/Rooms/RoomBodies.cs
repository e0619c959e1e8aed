namespace ClubGrains.Api.Rooms;

/// <summary>Body of <c>POST rooms/{roomId}/repair</c> (BK-8): why the room is freed.</summary>
public sealed record RepairBody(string? Reason);
