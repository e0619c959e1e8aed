using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Common;
using ClubGrains.Events;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ClubGrains.Api.Events;

/// <summary>
/// A venue's event feed: pages for catch-up and audits, and a live Server-Sent Events stream that a
/// client resumes with <c>Last-Event-ID</c> exactly where it left off. Each reader sees what its
/// role and grants allow (<see cref="FeedRules.MaySee"/>).
/// </summary>
internal static class EventEndpoints
{
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>How long a live stream waits for the feed before it sends a keep-alive comment.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>What a stream asks of the feed at a time while catching up.</summary>
    private const int StreamPage = 100;

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder routes)
    {
        var venue = routes.MapGroup("/venues/{venueId}/events").WithTags("Events");

        venue.MapGet("/", Page)
            .RequireVenueRoles(FeedRules.ReadingRoles)
            .WithName("listEvents")
            .WithSummary($"The venue's events after a sequence number (after=0: from the start), oldest first, up to limit (1 to {FeedRules.MaxPage}, default {FeedRules.DefaultPage}); " +
                         "the next page starts after 'through'. A manager sees the changes of their own bookings, a partner system those of the bookings it placed.")
            .Produces<EventPageBody>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        venue.MapGet("/stream", Stream)
            .RequireVenueRoles(FeedRules.ReadingRoles)
            .WithName("streamEvents")
            .WithSummary("The venue's events as Server-Sent Events (id: the sequence number, event: the type, data: the event as JSON), live. " +
                         "Resume with the Last-Event-ID header (or after=) and the stream goes on with the next event: no gap, no repeat. " +
                         "A comment is sent every 15 s while nothing happens; the stream ends when the caller's token expires, to be reopened with a fresh one.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return routes;
    }

    private static async Task<IResult> Page(string venueId, string? after, string? limit, IGrainFactory grains, HttpContext http)
    {
        if (Paging(after, limit, FeedRules.DefaultPage) is not { } paging)
        {
            return PagingRefusal(after, limit).ToProblem();
        }

        var page = await grains.GetGrain<IVenueFeedGrain>(venueId).Read(Actors.From(http.User), paging.After, paging.Limit);
        return page.ToHttp(p => TypedResults.Ok(EventPageBody.Of(venueId, p)));
    }

    private static async Task<IResult> Stream(string venueId, string? after, IGrainFactory grains, HttpContext http, IOptions<JsonOptions> json)
    {
        var resumeAt = http.Request.Headers[LastEventIdHeader].FirstOrDefault() ?? after;
        if (Paging(resumeAt, null, StreamPage) is not { } paging)
        {
            return Refusal.Invalid([new FieldError(http.Request.Headers.ContainsKey(LastEventIdHeader) ? LastEventIdHeader : "after",
                "Must be 0 (the start of the feed) or an event's sequence number.")]).ToProblem();
        }

        var reader = Actors.From(http.User);
        var feed = grains.GetGrain<IVenueFeedGrain>(venueId);

        // The first page is read before the stream starts, so a refusal is still a problem detail.
        var first = await feed.Read(reader, paging.After, StreamPage);
        if (first.Refusal is { } refused)
        {
            return refused.ToProblem();
        }

        return new EventStream(venueId, feed, reader, first.Value!, Expiry(http.User), json.Value.SerializerOptions);
    }

    /// <summary>after and limit as given, or null when either is not a number in range.</summary>
    private static (long After, int Limit)? Paging(string? after, string? limit, int defaultLimit)
    {
        long from = 0;
        var count = defaultLimit;
        if ((after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from))
            || (limit is not null && !int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count)))
        {
            return null;
        }

        return FeedRules.CheckPage(from, count) is null ? (from, count) : null;
    }

    private static Refusal PagingRefusal(string? after, string? limit)
    {
        var errors = new List<FieldError>();
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            errors.Add(new("after", "Must be 0 (the start of the feed) or an event's sequence number."));
        }

        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || FeedRules.CheckPage(0, count) is not null))
        {
            errors.Add(new("limit", $"Must be between 1 and {FeedRules.MaxPage}."));
        }

        return Refusal.Invalid(errors);
    }

    /// <summary>When the caller's token expires (its exp claim), or never for a token without one.</summary>
    private static DateTimeOffset? Expiry(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue("exp"), NumberStyles.None, CultureInfo.InvariantCulture, out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null;

    /// <summary>The live stream: pages until caught up, then the feed's long poll, a comment when it times out.</summary>
    private sealed class EventStream(string venueId, IVenueFeedGrain feed, Actor reader, EventPage first, DateTimeOffset? expiry, JsonSerializerOptions json) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = "text/event-stream; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            if (expiry is { } at)
            {
                ends.CancelAfter(TimeSpanUntil(at));
            }

            var body = http.Response.Body;
            try
            {
                await Write(body, "retry: 2000\n\n", ends.Token);
                var page = first;
                while (true)
                {
                    foreach (var e in page.Events)
                    {
                        await Write(body, Format(e), ends.Token);
                    }

                    await body.FlushAsync(ends.Token);
                    var through = page.Through;
                    if (through >= page.Head)
                    {
                        var head = await feed.WaitForEvents(through, KeepAlive).WaitAsync(ends.Token);
                        if (head <= through)
                        {
                            await Write(body, ": keep-alive\n\n", ends.Token);
                            await body.FlushAsync(ends.Token);
                            page = page with { Events = [] };
                            continue;
                        }
                    }

                    var next = await feed.Read(reader, through, StreamPage).WaitAsync(ends.Token);
                    if (next.Refusal is not null)
                    {
                        // The grant or the account changed under the stream: it ends, and reopening it is refused.
                        return;
                    }

                    page = next.Value!;
                }
            }
            catch (OperationCanceledException) when (ends.IsCancellationRequested)
            {
                // The client left, or its token expired: the stream ends; a client resumes from its last id.
            }
        }

        private static TimeSpan TimeSpanUntil(DateTimeOffset at)
        {
            var left = at - DateTimeOffset.UtcNow;
            return left <= TimeSpan.Zero ? TimeSpan.Zero : left < TimeSpan.FromDays(1) ? left : TimeSpan.FromDays(1);
        }

        private string Format(VenueEvent e) =>
            $"id: {e.Seq.ToString(CultureInfo.InvariantCulture)}\nevent: {e.Type}\ndata: {JsonSerializer.Serialize(EventBody.Of(venueId, e), json)}\n\n";

        private static Task Write(System.IO.Stream body, string text, CancellationToken cancellationToken) =>
            body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).AsTask();
    }
}

/// <summary>One event as the API shows it; <c>data</c> is the subject's state after the change, as a JSON object.</summary>
public sealed record EventBody(
    string VenueId, long Seq, string Type, DateTimeOffset At, Actor Actor, string? Rule, string Subject, string What, string? Reason,
    string? Badge, string Source, int SourceIndex, DateTimeOffset RecordedAt, RawJson? Data)
{
    public static EventBody Of(string venueId, VenueEvent e) =>
        new(venueId, e.Seq, e.Type, e.At, e.Actor, e.Rule, e.Subject, e.What, e.Reason, e.Badge, e.Source, e.SourceIndex, e.RecordedAt, e.Data is null ? null : new RawJson(e.Data));
}

/// <summary>A page of the feed: the events, the feed's head, and where the next page starts.</summary>
public sealed record EventPageBody(IReadOnlyList<EventBody> Events, long Head, long Through)
{
    public static EventPageBody Of(string venueId, EventPage page) =>
        new([.. page.Events.Select(e => EventBody.Of(venueId, e))], page.Head, page.Through);
}

/// <summary>JSON the feed stored (written by the grains), written into the response as it is.</summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed record RawJson(string Text);

internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Text);
}
