using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Common;
using ClubGrains.Rooms;
using ClubGrains.Venues;
using Microsoft.AspNetCore.Mvc;

namespace ClubGrains.Api.Rooms;

/// <summary>The room board and bookings of a venue (BK-1 to BK-10).</summary>
internal static partial class BookingEndpoints
{
    public const string IdempotencyHeader = BookingRules.IdempotencyKeyField;

    private const string WalkInKeys = "walk-in";

    private static readonly string[] Everyone = [.. Roles.All];
    private static readonly string[] Reception = BookingRules.ReceptionRoles;
    private static readonly string[] Placers = BookingRules.PlacingRoles;
    private static readonly string[] Overriders = [Roles.GeneralManager, Roles.ReceptionSupervisor];
    private static readonly string[] BookingReaders = BookingRules.ReadingRoles;

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex BookingIdPattern();

    public static IEndpointRouteBuilder MapBookingEndpoints(this IEndpointRouteBuilder routes)
    {
        var venue = routes.MapGroup("/venues/{venueId}").WithTags("Rooms and bookings");

        venue.MapGet("/rooms", async (string venueId, RenderedBoards boards, IGrainFactory grains, HttpContext http) =>
            {
                var board = await boards.Get(grains, venueId, Actors.From(http.User), http.RequestAborted);
                if (board.Value is not { } rendered)
                {
                    return board.Refusal!.ToProblem();
                }

                // Desks poll the board: a poller sending back the ETag it holds gets 304 until the board moves.
                http.Response.Headers.ETag = rendered.ETag;
                http.Response.Headers.CacheControl = "no-cache";
                return HoldsETag(http.Request, rendered.ETag)
                    ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
                    : TypedResults.Bytes(rendered.Json, "application/json; charset=utf-8");
            })
            .RequireVenueRoles(Everyone)
            .WithName("getRoomBoard")
            .WithSummary("The room board: every room and table with its state, booking, guest, booker, hold deadline and seconds left " +
                         "(a manager or partner system sees the booking, guest and booker of its own bookings only). " +
                         "Its ETag names this state of the board; send it back in If-None-Match to get 304 while nothing moved.")
            .Produces<IReadOnlyList<BoardRoom>>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapGet("/rooms/{roomId}", async (string venueId, string roomId, IGrainFactory grains, HttpContext http) =>
            {
                var board = await grains.GetGrain<IVenueBoardGrain>(venueId).GetBoard(Actors.From(http.User), cancellationToken: http.RequestAborted);
                if (board.Value is not { Rooms: { } rooms })
                {
                    return board.Refusal!.ToProblem();
                }

                var line = rooms.FirstOrDefault(r => r.Id == roomId);
                return line is null ? Refusal.NotFound($"Venue '{venueId}' has no room '{roomId}'.").ToProblem() : TypedResults.Ok(line);
            })
            .RequireVenueRoles(Everyone)
            .WithName("getRoom")
            .WithSummary("One room or table of the board.")
            .Produces<BoardRoom>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapPost("/rooms/{roomId}/repair", async (string venueId, string roomId, RepairBody body, IGrainFactory grains, HttpContext http) =>
            {
                var known = await grains.GetGrain<IVenueGrain>(venueId).GetSnapshot();
                if (known.Value is not { } snapshot)
                {
                    return known.Refusal!.ToProblem();
                }

                if (snapshot.Rooms.All(r => r.Id != roomId))
                {
                    return Refusal.NotFound($"Venue '{venueId}' has no room '{roomId}'.").ToProblem();
                }

                // The booking the room names decides with the room (booking → room is the allowed direction).
                if ((await grains.GetGrain<IRoomGrain>(GrainKeys.Room(venueId, roomId)).GetSnapshot()).Occupant is not { } occupant)
                {
                    return Refusal.Conflict($"Room '{roomId}' is free: nothing to repair.", OverrideRules.Rule).ToProblem();
                }

                var result = await Booking(grains, venueId, occupant.BookingId).RepairRoom(Actors.From(http.User), roomId, body.Reason);
                return result.ToHttp(r => TypedResults.Ok(r));
            })
            .RequireVenueRoles(Overriders)
            .WithName("repairRoom")
            .UnderHouseRule(OverrideRules.Rule)
            .WithSummary("BK-8 repair room: the GM or a supervisor the GM authorised (scope repairRoom) frees a room whose occupant's booking does not agree with it " +
                         "(or has no record), when no automatic step can decide; with a reason, recorded in the room's and the booking's histories.")
            .Produces<RoomSnapshot>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        venue.MapPost("/bookings", async (string venueId, BookingRequest request, IGrainFactory grains, HttpContext http, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey) =>
            {
                var actor = Actors.From(http.User);
                if (idempotencyKey is { Length: 0 or > 200 })
                {
                    return Refusal.Invalid([new FieldError(IdempotencyHeader, "1–200 characters when given.")]).ToProblem();
                }

                var bookingId = idempotencyKey is null ? Guid.CreateVersion7().ToString("N") : KeyedId(actor, idempotencyKey);
                var result = await Booking(grains, venueId, bookingId).Place(actor, request);
                return result.ToHttp(b => TypedResults.Created($"/venues/{venueId}/bookings/{b.Id}", b));
            })
            .RequireVenueRoles(Placers)
            .WithName("placeBooking")
            .UnderHouseRule(BookingRules.ReceptionOnlyRule)
            .WithSummary("Places a booking with BK-1's details; reception's placement (or the policy's automatic assignment) also assigns a room and starts the hold. " +
                         "Send an Idempotency-Key header to make retries safe: the same key with the same details returns the original booking; with other details, 409 naming the key.")
            .Produces<Booking>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        venue.MapPost("/walk-ins", async (string venueId, WalkInRequest request, IGrainFactory grains, HttpContext http, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey) =>
            {
                var actor = Actors.From(http.User);
                if (idempotencyKey is { Length: 0 or > 200 })
                {
                    return Refusal.Invalid([new FieldError(IdempotencyHeader, "1–200 characters when given.")]).ToProblem();
                }

                var bookingId = idempotencyKey is null ? Guid.CreateVersion7().ToString("N") : KeyedId(actor, idempotencyKey, WalkInKeys);
                var result = await Booking(grains, venueId, bookingId).PlaceWalkIn(actor, request);
                return result.ToHttp(b => TypedResults.Created($"/venues/{venueId}/bookings/{b.Id}", b));
            })
            .RequireVenueRoles(Reception)
            .WithName("seatWalkIn")
            .UnderHouseRule(BookingRules.ReceptionOnlyRule)
            .WithSummary("Seats a walk-in party in a free room: no booker, no credit (also BK-5's arrival after a cancellation). " +
                         "Send an Idempotency-Key header to make retries safe: a retry after a failure completes the walk-in the room already took.")
            .Produces<Booking>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        venue.MapGet("/bookings", async (string venueId, string? day, string? booker, string? state, IGrainFactory grains, HttpContext http, TimeProvider time) =>
            {
                BookingStatus? status = null;
                if (state is not null)
                {
                    if (!Enum.TryParse<BookingStatus>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(state, out _))
                    {
                        return Refusal.Invalid([new FieldError("state", $"One of {string.Join(", ", Enum.GetNames<BookingStatus>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.")]).ToProblem();
                    }

                    status = parsed;
                }

                var resolved = await BusinessDays.Resolve(grains, venueId, day, time);
                if (resolved.Refusal is { } refused)
                {
                    return refused.ToProblem();
                }

                var businessDay = resolved.Value.Day;

                var list = await grains.GetGrain<IVenueDayGrain>(GrainKeys.Day(venueId, businessDay)).List(Actors.From(http.User), booker, status, http.RequestAborted);
                return list.ToHttp(TypedResults.Ok);
            })
            .RequireVenueRoles(BookingReaders)
            .WithName("listBookings")
            .UnderHouseRule(BookingRules.ReceptionOnlyRule)
            .WithSummary("The bookings of a business day (default: today's), optionally of one booker's badge or in one state. A manager sees only their own.")
            .Produces<IReadOnlyList<BookingSummary>>()
            .ProducesValidationProblem();

        var booking = venue.MapGroup("/bookings/{bookingId}");

        booking.MapGet("/", async (string venueId, string bookingId, IGrainFactory grains, HttpContext http) =>
            {
                if (!BookingIdPattern().IsMatch(bookingId))
                {
                    return Refusal.NotFound($"Venue '{venueId}' has no booking '{bookingId}'.").ToProblem();
                }

                var result = await Booking(grains, venueId, bookingId).GetBooking(Actors.From(http.User), http.RequestAborted);
                return result.ToHttp(x => TypedResults.Ok(x));
            })
            .RequireVenueRoles(BookingReaders)
            .WithName("getBooking")
            .UnderHouseRule(BookingRules.ReceptionOnlyRule)
            .WithSummary("A booking with its history: every step, who did it, when, under which rule.")
            .Produces<Booking>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        Command<AssignBody>(booking, "/assign", Reception, "Reception assigns a room (or the first free one of a type) to a requested booking; the hold starts (BK-2, BK-3, BK-6).",
            (g, actor, body) => g.Assign(actor, body.RoomId, body.RoomType));
        Command(booking, "/seat", Reception, "Reception brings the guest to the held room (带房), at or before the deadline (BK-7).",
            (g, actor) => g.Seat(actor));
        Command<TransferBody>(booking, "/transfer", Reception, "Reception moves the seated party to a free room (转房); booking, booker and spend stay together (BK-9).",
            (g, actor, body) => body.ToRoomId is null ? Missing("toRoomId") : g.Transfer(actor, body.ToRoomId));
        Command<CancelBody>(booking, "/cancel", [.. Reception], "Cancels: at the booker's request (BK-5), or — any other reason — as an override by the GM or an authorised supervisor (BK-8).",
            (g, actor, body) => body.AtBookersRequest is null ? Missing("atBookersRequest") : g.Cancel(actor, body.AtBookersRequest.Value, body.Reason));
        Command<CancelRequestBody>(booking, "/cancel-request", [Roles.Manager, Roles.ApiClient], "The booker asks reception to cancel (BK-6: reception does it).",
            (g, actor, body) => g.RequestCancellation(actor, body.Reason));
        Command<CheckoutBody>(booking, "/checkout", Reception, "Reception checks the party out with the amount spent; it counts for the booker (BK-10, PF-1).",
            (g, actor, body) => body.Spend is null ? Missing("spend") : g.CheckOut(actor, body.Spend.Value));
        Command<LateArrivalCheck>(booking, "/late-arrival", Reception, "A guest arrives after the automatic release (BK-4: reception's check, match re-seats with credit, mismatch is cheating) or after the booker's cancellation (BK-5).",
            (g, actor, body) => g.LateArrival(actor, body));
        Command<OutageArrivalBody>(booking, "/outage-arrival", Reception, "Records an arrival that really happened during an outage, before the deadline: undoes a release applied after the outage.",
            (g, actor, body) => body.ArrivedAt is null ? Missing("arrivedAt") : g.RecordOutageArrival(actor, body.ArrivedAt.Value, body.Reason));
        Command<ExtendHoldBody>(booking, "/extend-hold", Overriders, "BK-8: extends the hold past the policy, with a reason.",
            (g, actor, body) => body.Until is null ? Missing("until") : g.ExtendHold(actor, body.Until.Value, body.Reason));
        Command<ReinstateBody>(booking, "/reinstate", Overriders, "BK-8: reinstates a released or cancelled booking in a free room, with a reason.",
            (g, actor, body) => g.Reinstate(actor, body.RoomId, body.Reason));

        return routes;
    }

    private static void Command(RouteGroupBuilder booking, string path, string[] roles, string summary, Func<IBookingGrain, Actor, Task<Result<Booking>>> act) =>
        booking.MapPost(path, async (string venueId, string bookingId, IGrainFactory grains, HttpContext http) =>
                BookingIdPattern().IsMatch(bookingId)
                    ? (await act(Booking(grains, venueId, bookingId), Actors.From(http.User))).ToHttp(b => TypedResults.Ok(b))
                    : Refusal.NotFound($"Venue '{venueId}' has no booking '{bookingId}'.").ToProblem())
            .RequireVenueRoles(roles)
            .WithName("booking" + Pascal(path))
            .UnderHouseRule(roles.All(Overriders.Contains) ? OverrideRules.Rule : BookingRules.ReceptionOnlyRule)
            .WithSummary(summary)
            .Produces<Booking>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static void Command<TBody>(RouteGroupBuilder booking, string path, string[] roles, string summary, Func<IBookingGrain, Actor, TBody, Task<Result<Booking>>> act) =>
        booking.MapPost(path, async (string venueId, string bookingId, TBody body, IGrainFactory grains, HttpContext http) =>
                BookingIdPattern().IsMatch(bookingId)
                    ? (await act(Booking(grains, venueId, bookingId), Actors.From(http.User), body)).ToHttp(b => TypedResults.Ok(b))
                    : Refusal.NotFound($"Venue '{venueId}' has no booking '{bookingId}'.").ToProblem())
            .RequireVenueRoles(roles)
            .WithName("booking" + Pascal(path))
            .UnderHouseRule(roles.All(Overriders.Contains) ? OverrideRules.Rule : BookingRules.ReceptionOnlyRule)
            .WithSummary(summary)
            .Produces<Booking>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>The operation id's tail: <c>/cancel-request</c> is <c>CancelRequest</c>.</summary>
    private static string Pascal(string path) =>
        string.Concat(path.Trim('/').Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    private static Task<Result<Booking>> Missing(string field) =>
        Task.FromResult<Result<Booking>>(Refusal.Invalid([new FieldError(field, "Required.")]));

    private static IBookingGrain Booking(IGrainFactory grains, string venueId, string bookingId) =>
        grains.GetGrain<IBookingGrain>(GrainKeys.Booking(venueId, bookingId));

    /// <summary>The same caller and key always name the same booking, so a retry finds the original.</summary>
    /// <remarks>Walk-ins hash their keys apart (<see cref="WalkInKeys"/>), so a desk reusing a key across the two never gets the other's booking.</remarks>
    internal static string KeyedId(Actor actor, string key, string? kind = null) =>
        "k" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind is null ? $"{actor.Subject}\n{key}" : $"{actor.Subject}\n{kind}\n{key}")))[..31];

    /// <summary>Whether the request's If-None-Match names this ETag, or any (<c>*</c>); weakly compared, as RFC 9110 asks.</summary>
    private static bool HoldsETag(HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch.Count > 0
        && request.GetTypedHeaders().IfNoneMatch.Any(held => held.Tag == "*" || held.Tag == etag);
}
