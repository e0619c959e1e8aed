using System.Text.Json;
using ClubGrains.Bookings;
using ClubGrains.Common;
using ClubGrains.Rooms;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ClubGrains.Api.Rooms;

/// <summary>A venue's board as JSON, named by the board's stamp (also its ETag).</summary>
internal sealed record RenderedBoard(string Stamp, byte[] Json)
{
    public string ETag => $"\"{Stamp}\"";
}

/// <summary>
/// The room boards this API instance last rendered, one per venue and viewer (the whole board for
/// reception and those above, one filtered by the board grain for each manager and partner). Boards are read far more often
/// than they change (every desk and phone polls them), so each read still asks the board grain, which
/// alone knows whether its lines moved, but the JSON of a stamp is written once and shared.
/// </summary>
internal sealed class RenderedBoards(IOptions<JsonOptions> json) : IDisposable
{
    // About 9 KB a 50-room board: room for thousands of venues, and never more than this.
    private const long SizeLimitBytes = 64L * 1024 * 1024;

    private readonly MemoryCache _boards = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });

    public async Task<Result<RenderedBoard>> Get(IGrainFactory grains, string venueId, Actor reader, CancellationToken cancellationToken)
    {
        // Only which rendering to offer back: the grain decides what the reader sees, and a stamp not its view's gets the lines.
        var key = BookingRules.BoardViewer(reader) is { } viewer ? $"{venueId}\n{viewer}" : venueId;
        var held = _boards.Get<RenderedBoard>(key);
        var answer = await grains.GetGrain<IVenueBoardGrain>(venueId).GetBoard(reader, held?.Stamp, cancellationToken);
        if (answer.Value is not { } view)
        {
            return answer.Refusal!;
        }

        if (view.Rooms is null)
        {
            return held!;
        }

        var rendered = new RenderedBoard(view.Stamp, JsonSerializer.SerializeToUtf8Bytes(view.Rooms, json.Value.SerializerOptions));
        _boards.Set(key, rendered, new MemoryCacheEntryOptions { Size = rendered.Json.Length, SlidingExpiration = TimeSpan.FromMinutes(1) });
        return rendered;
    }

    public void Dispose() => _boards.Dispose();
}
