using System.Security.Cryptography;
using System.Text;
using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Bookings;
using ClubGrains.Common;
using ClubGrains.Venues;
using Microsoft.AspNetCore.Mvc;

namespace ClubGrains.Api.Bookings;

/// <summary>The bookings of a venue (BK-1 to BK-10), each route beside its handler.</summary>
internal static partial class BookingEndpoints
{
    public const string IdempotencyHeader = BookingRules.IdempotencyKeyField;

    private const string WalkInKeys = "walk-in";

    private static readonly string[] Reception = BookingRules.ReceptionRoles;
    private static readonly string[] Placers = BookingRules.PlacingRoles;
    private static readonly string[] Overriders = [Roles.GeneralManager, Roles.ReceptionSupervisor];
    private static readonly string[] BookingReaders = BookingRules.ReadingRoles;

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex BookingIdPattern();

    public static IEndpointRouteBuilder MapBookingEndpoints(this IEndpointRouteBuilder routes)
    {
        var venue = routes.MapGroup("/venues/{venueId}").WithTags("Rooms and bookings");

        venue.MapPost("/bookings", Place)
            .RequireVenueRoles(Placers)
            .Describe("placeBooking", BookingRules.ReceptionOnlyRule, "Places a booking with BK-1's details; reception's placement (or the policy's automatic assignment) also assigns a room and starts the hold. " +
                         "Send an Idempotency-Key header to make retries safe: the same key with the same details returns the original booking; with other details, 409 naming the key.")
            .Produces<Booking>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        venue.MapPost("/walk-ins", SeatWalkIn)
            .RequireVenueRoles(Reception)
            .Describe("seatWalkIn", BookingRules.ReceptionOnlyRule, "Seats a walk-in party in a free room: no booker, no credit (also BK-5's arrival after a cancellation). " +
                         "Send an Idempotency-Key header to make retries safe: a retry after a failure completes the walk-in the room already took.")
            .Produces<Booking>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        venue.MapGet("/bookings", ListBookings)
            .RequireVenueRoles(BookingReaders)
            .Describe("listBookings", BookingRules.ReceptionOnlyRule, "The bookings of a business day (default: today's), optionally of one booker's badge or in one state. A manager sees only their own.")
            .Produces<IReadOnlyList<BookingSummary>>()
            .ProducesValidationProblem();

        var booking = venue.MapGroup("/bookings/{bookingId}");

        booking.MapGet("/", Get)
            .RequireVenueRoles(BookingReaders)
            .Describe("getBooking", BookingRules.ReceptionOnlyRule, "A booking with its history: every step, who did it, when, under which rule.")
            .Produces<Booking>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        Command<AssignBody>(booking, "/assign", Reception, "Reception assigns a room (or the first free one of a type) to a requested booking; the hold starts (BK-2, BK-3, BK-6).", Assign);
        Command(booking, "/seat", Reception, "Reception brings the guest to the held room (带房), at or before the deadline (BK-7).", Seat);
        Command<TransferBody>(booking, "/transfer", Reception, "Reception moves the seated party to a free room (转房); booking, booker and spend stay together (BK-9).", Transfer);
        Command<CancelBody>(booking, "/cancel", [.. Reception], "Cancels: at the booker's request (BK-5), or — any other reason — as an override by the GM or an authorised supervisor (BK-8).", Cancel);
        Command<CancelRequestBody>(booking, "/cancel-request", [Roles.Manager, Roles.ApiClient], "The booker asks reception to cancel (BK-6: reception does it).", RequestCancellation);
        Command<CheckoutBody>(booking, "/checkout", Reception, "Reception checks the party out with the amount spent; it counts for the booker (BK-10, PF-1).", CheckOut);
        Command<LateArrivalCheck>(booking, "/late-arrival", Reception, "A guest arrives after the automatic release (BK-4: reception's check, match re-seats with credit, mismatch is cheating) or after the booker's cancellation (BK-5).", LateArrival);
        Command<OutageArrivalBody>(booking, "/outage-arrival", Reception, "Records an arrival that really happened during an outage, before the deadline: undoes a release applied after the outage.", OutageArrival);
        Command<ExtendHoldBody>(booking, "/extend-hold", Overriders, "BK-8: extends the hold past the policy, with a reason.", ExtendHold);
        Command<ReinstateBody>(booking, "/reinstate", Overriders, "BK-8: reinstates a released or cancelled booking in a free room, with a reason.", Reinstate);

        return routes;
    }

    private static async Task<IResult> Place(string venueId, BookingRequest request, IGrainFactory grains, HttpContext http, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey)
    {
        var actor = Actors.From(http.User);
        if (idempotencyKey is { Length: 0 or > 200 })
        {
            return Refusal.Invalid([new FieldError(IdempotencyHeader, "1–200 characters when given.")]).ToProblem();
        }

        var bookingId = idempotencyKey is null ? Guid.CreateVersion7().ToString("N") : KeyedId(actor, idempotencyKey);
        var result = await Booking(grains, venueId, bookingId).Place(actor, request);
        return result.ToHttp(b => TypedResults.Created($"/venues/{venueId}/bookings/{b.Id}", b));
    }

    private static async Task<IResult> SeatWalkIn(string venueId, WalkInRequest request, IGrainFactory grains, HttpContext http, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey)
    {
        var actor = Actors.From(http.User);
        if (idempotencyKey is { Length: 0 or > 200 })
        {
            return Refusal.Invalid([new FieldError(IdempotencyHeader, "1–200 characters when given.")]).ToProblem();
        }

        var bookingId = idempotencyKey is null ? Guid.CreateVersion7().ToString("N") : KeyedId(actor, idempotencyKey, WalkInKeys);
        var result = await Booking(grains, venueId, bookingId).PlaceWalkIn(actor, request);
        return result.ToHttp(b => TypedResults.Created($"/venues/{venueId}/bookings/{b.Id}", b));
    }

    private static async Task<IResult> ListBookings(string venueId, string? day, string? booker, string? state, IGrainFactory grains, HttpContext http, TimeProvider time)
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

        var list = await grains.GetGrain<IVenueDayGrain>(GrainKeys.Day(venueId, resolved.Value.Day)).List(Actors.From(http.User), booker, status, http.RequestAborted);
        return list.ToHttp(TypedResults.Ok);
    }

    private static async Task<IResult> Get(string venueId, string bookingId, IGrainFactory grains, HttpContext http)
    {
        if (!BookingIdPattern().IsMatch(bookingId))
        {
            return NoSuchBooking(venueId, bookingId);
        }

        var result = await Booking(grains, venueId, bookingId).GetBooking(Actors.From(http.User), http.RequestAborted);
        return result.ToHttp(x => TypedResults.Ok(x));
    }

    private static Task<Result<Booking>> Assign(IBookingGrain g, Actor actor, AssignBody body) => g.Assign(actor, body.RoomId, body.RoomType);

    private static Task<Result<Booking>> Seat(IBookingGrain g, Actor actor) => g.Seat(actor);

    private static Task<Result<Booking>> Transfer(IBookingGrain g, Actor actor, TransferBody body) =>
        body.ToRoomId is null ? Missing("toRoomId") : g.Transfer(actor, body.ToRoomId);

    private static Task<Result<Booking>> Cancel(IBookingGrain g, Actor actor, CancelBody body) =>
        body.AtBookersRequest is null ? Missing("atBookersRequest") : g.Cancel(actor, body.AtBookersRequest.Value, body.Reason);

    private static Task<Result<Booking>> RequestCancellation(IBookingGrain g, Actor actor, CancelRequestBody body) => g.RequestCancellation(actor, body.Reason);

    private static Task<Result<Booking>> CheckOut(IBookingGrain g, Actor actor, CheckoutBody body) =>
        body.Spend is null ? Missing("spend") : g.CheckOut(actor, body.Spend.Value);

    private static Task<Result<Booking>> LateArrival(IBookingGrain g, Actor actor, LateArrivalCheck body) => g.LateArrival(actor, body);

    private static Task<Result<Booking>> OutageArrival(IBookingGrain g, Actor actor, OutageArrivalBody body) =>
        body.ArrivedAt is null ? Missing("arrivedAt") : g.RecordOutageArrival(actor, body.ArrivedAt.Value, body.Reason);

    private static Task<Result<Booking>> ExtendHold(IBookingGrain g, Actor actor, ExtendHoldBody body) =>
        body.Until is null ? Missing("until") : g.ExtendHold(actor, body.Until.Value, body.Reason);

    private static Task<Result<Booking>> Reinstate(IBookingGrain g, Actor actor, ReinstateBody body) => g.Reinstate(actor, body.RoomId, body.Reason);

    private static void Command(RouteGroupBuilder booking, string path, string[] roles, string summary, Func<IBookingGrain, Actor, Task<Result<Booking>>> act) =>
        booking.MapPost(path, (string venueId, string bookingId, IGrainFactory grains, HttpContext http) =>
                OnBooking(venueId, bookingId, grains, g => act(g, Actors.From(http.User))))
            .AsCommand(path, roles, summary, takesBody: false);

    private static void Command<TBody>(RouteGroupBuilder booking, string path, string[] roles, string summary, Func<IBookingGrain, Actor, TBody, Task<Result<Booking>>> act) =>
        booking.MapPost(path, (string venueId, string bookingId, TBody body, IGrainFactory grains, HttpContext http) =>
                OnBooking(venueId, bookingId, grains, g => act(g, Actors.From(http.User), body)))
            .AsCommand(path, roles, summary, takesBody: true);

    /// <summary>A booking command's answer: the booking as it now stands, or why not; an id no booking can have is not found.</summary>
    private static async Task<IResult> OnBooking(string venueId, string bookingId, IGrainFactory grains, Func<IBookingGrain, Task<Result<Booking>>> act) =>
        BookingIdPattern().IsMatch(bookingId)
            ? (await act(Booking(grains, venueId, bookingId))).ToHttp(b => TypedResults.Ok(b))
            : NoSuchBooking(venueId, bookingId);

    /// <summary>The metadata every booking command shares: its operation id from the path, its roles, rule, summary and answers.</summary>
    private static RouteHandlerBuilder AsCommand(this RouteHandlerBuilder route, string path, string[] roles, string summary, bool takesBody)
    {
        route.RequireVenueRoles(roles)
            .Describe("booking" + Pascal(path), roles.All(Overriders.Contains) ? OverrideRules.Rule : BookingRules.ReceptionOnlyRule, summary)
            .Produces<Booking>();
        if (takesBody)
        {
            route.ProducesValidationProblem();
        }

        return route
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>The operation id's tail: <c>/cancel-request</c> is <c>CancelRequest</c>.</summary>
    private static string Pascal(string path) =>
        string.Concat(path.Trim('/').Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    private static IResult NoSuchBooking(string venueId, string bookingId) =>
        Refusal.NotFound($"Venue '{venueId}' has no booking '{bookingId}'.").ToProblem();

    private static Task<Result<Booking>> Missing(string field) =>
        Task.FromResult<Result<Booking>>(Refusal.Invalid([new FieldError(field, "Required.")]));

    private static IBookingGrain Booking(IGrainFactory grains, string venueId, string bookingId) =>
        grains.GetGrain<IBookingGrain>(GrainKeys.Booking(venueId, bookingId));

    /// <summary>The same caller and key always name the same booking, so a retry finds the original.</summary>
    /// <remarks>Walk-ins hash their keys apart (<see cref="WalkInKeys"/>), so a desk reusing a key across the two never gets the other's booking.</remarks>
    internal static string KeyedId(Actor actor, string key, string? kind = null) =>
        "k" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind is null ? $"{actor.Subject}\n{key}" : $"{actor.Subject}\n{kind}\n{key}")))[..31];
}
