using System.Diagnostics;
using ClubGrains.Common;
using ClubGrains.Customers;
using ClubGrains.Deadlines;
using ClubGrains.Hosting;
using ClubGrains.Rooms;
using ClubGrains.Staff;
using ClubGrains.Telemetry;
using ClubGrains.Venues;
using Microsoft.Extensions.Logging;

namespace ClubGrains.Bookings;

[GenerateSerializer, Alias("clubgrains.BookingState")]
public sealed class BookingGrainState
{
    [Id(0)] public Booking? Booking { get; set; }
}

/// <summary>
/// A booking's record and history. It asks the room to hold, seat or free itself (the room decides
/// who is in it), reports every change to the venue's day index, and applies its own hold deadline
/// when woken (by the day's alarm, a room, or any call), stamped with the deadline.
/// </summary>
public sealed partial class BookingGrain(
    [PersistentState("booking", StorageNames.Club)] IPersistentState<BookingGrainState> state,
    TimeProvider time,
    ClubGrainsMetrics metrics,
    ILogger<BookingGrain> logger) : Grain, IBookingGrain
{
    private const int TypePickAttempts = 5;

    private const string CancelledArrivalRule = "BK-5";

    private const string TransferRule = "BK-9";

    private string VenueId => GrainKeys.ParseBooking(this.GetPrimaryKeyString()).VenueId;

    private string BookingId => GrainKeys.ParseBooking(this.GetPrimaryKeyString()).BookingId;

    public Task<Result<Booking>> Place(Actor actor, BookingRequest request) => Traced("booking.place", null, async () =>
    {
        if (state.State.Booking is { } existing)
        {
            if (BookingRules.CheckRetry(existing, request) is { } otherRequest)
            {
                return otherRequest;
            }

            // A retry with the same idempotency key: the original booking, re-reported in case the first report was lost.
            await Report(existing);
            return existing;
        }

        if (Access.Require(actor, VenueId, BookingRules.ReceptionOnlyRule, BookingRules.PlacingRoles) is { } denied)
        {
            return denied;
        }

        var details = BookingRules.CheckDetails(request);
        if (details.Count > 0)
        {
            return Refusal.Invalid(details, "The booking lacks required details (BK-1); nothing was stored.");
        }

        if (BookingRules.MayPlace(actor, request) is { } notYours)
        {
            return notYours;
        }

        // WD-2/DS-4, BK-1: the booker's own record says whether they may book now, and in which department.
        if (await Manager(request.BookerBadge!.Trim()).MayBook(request.BookerDepartment!.Value) is { } mayNot)
        {
            return mayNot;
        }

        if ((await Venue()).Value is not { } venue)
        {
            return VenueMissing();
        }

        var now = time.GetUtcNow();
        var booking = new Booking
        {
            Id = BookingId,
            VenueId = VenueId,
            BusinessDay = VenueClock.For(venue.Venue).BusinessDayOf(now),
            Status = BookingStatus.Requested,
            Source = BookingRules.SourceOf(actor),
            GuestName = request.GuestName!.Trim(),
            GuestPhone = request.GuestPhone!.Trim(),
            GuestPhoneNormalized = PhoneNumbers.Normalize(request.GuestPhone),
            PartySize = request.PartySize,
            Notes = request.Notes,
            BookerDepartment = request.BookerDepartment,
            BookerName = request.BookerName!.Trim(),
            BookerBadge = request.BookerBadge!.Trim(),
            RequestedRoomId = request.RoomId,
            RequestedRoomType = request.RoomType,
            Currency = venue.Venue.Currency,
            CreatedAt = now,
            PlacedBy = actor.Subject,
            History = [new Change(now, actor.ForRecord(), $"placed a booking for {request.GuestName!.Trim()} as {request.BookerName!.Trim()} (badge {request.BookerBadge!.Trim()})", BookingRules.RequiredDetailsRule)],
        };

        if (BookingRules.AssignsOnPlacement(actor, venue.Policy.Bookings))
        {
            var automatic = !BookingRules.ReceptionRoles.Contains(actor.Role);
            var assigned = await AssignRoom(booking, automatic ? Actor.System : actor, venue, request.RoomId, request.RoomType, automatic);
            if (assigned.Value is not { } held)
            {
                return assigned;
            }

            booking = held;
        }

        await Save(booking);
        metrics.BookingPlaced(VenueId, booking.RoomKind ?? booking.BookerDepartment!.Value);
        return state.State.Booking!;
    });

    public Task<Result<Booking>> PlaceWalkIn(Actor actor, WalkInRequest request) => Traced("booking.walk_in", request.RoomId, async () =>
    {
        if (state.State.Booking is { } existing)
        {
            return existing;
        }

        if (Access.Require(actor, VenueId, BookingRules.ReceptionOnlyRule, BookingRules.ReceptionRoles) is { } denied)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.RoomId))
        {
            errors.Add(new("roomId", "Required: the free room or table to seat the party in."));
        }

        Limits.CheckText(errors, "roomId", request.RoomId, Limits.Id);
        Limits.CheckText(errors, "guestName", request.GuestName, Limits.Name);
        var phone = request.GuestPhone is null ? null : PhoneNumbers.Normalize(request.GuestPhone);
        if (request.GuestPhone is { Length: > Limits.Phone })
        {
            errors.Add(new("guestPhone", $"At most {Limits.Phone} characters."));
        }
        else if (request.GuestPhone is not null && phone is null)
        {
            errors.Add(new("guestPhone", $"'{request.GuestPhone}' is not a phone number."));
        }

        if (request.PartySize is < 1 or > 200)
        {
            errors.Add(new("partySize", "Must be between 1 and 200."));
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        if ((await Venue()).Value is not { } venue)
        {
            return VenueMissing();
        }

        if (Room(venue, request.RoomId!) is not { } room)
        {
            return UnknownRoom(request.RoomId!);
        }

        var guest = string.IsNullOrWhiteSpace(request.GuestName) ? "walk-in" : request.GuestName.Trim();
        var seated = await RoomGrain(room.Id).Seat(actor, new RoomOccupant(BookingId, BookingStatus.Seated, guest, null, null, time.GetUtcNow(), null, actor.Subject));
        if (seated.Value is not { } taken)
        {
            return seated.Refusal!;
        }

        // A retry (same Idempotency-Key) after the booking's write failed finds the party already seated: it was seated then.
        var now = taken.Occupant!.Since;

        await Save(BookingRules.WalkIn(BookingId, VenueId, VenueClock.For(venue.Venue).BusinessDayOf(now), room, guest, now, venue.Venue.Currency, actor.Subject,
            new Change(now, actor.ForRecord(), $"seated a walk-in party in {room.Id}: no booker, no credit", BookingRules.ReceptionOnlyRule)) with
        {
            GuestPhone = request.GuestPhone,
            GuestPhoneNormalized = phone,
            PartySize = request.PartySize,
        });
        metrics.BookingSeated(VenueId, room.Kind);
        return state.State.Booking!;
    });

    public async Task<Result<Booking>> GetBooking(Actor reader, CancellationToken cancellationToken = default)
    {
        if (BookingRules.MayRead(reader, VenueId) is { } denied)
        {
            return denied;
        }

        if (state.State.Booking is null)
        {
            return Missing();
        }

        if (BookingRules.MayReadBookingOf(reader, state.State.Booking.BookerBadge, state.State.Booking.PlacedBy) is { } notTheirs)
        {
            return notTheirs;
        }

        await Converge();
        await ApplyDeadline();
        return state.State.Booking!;
    }

    public Task<Result<Booking>> Assign(Actor actor, string? roomId, string? roomType) => Command("booking.assign", actor, BookingRules.ReceptionRoles, async booking =>
    {
        if (booking.Status != BookingStatus.Requested)
        {
            return WrongStatus(booking, "assign a room to", BookingRules.ReceptionOnlyRule);
        }

        if ((await Venue()).Value is not { } venue)
        {
            return VenueMissing();
        }

        var assigned = await AssignRoom(booking, actor, venue, roomId ?? booking.RequestedRoomId, roomType ?? booking.RequestedRoomType, automatic: false);
        if (assigned.Value is not { } held)
        {
            return assigned;
        }

        await Save(held);
        return held;
    });

    public Task<Result<Booking>> Seat(Actor actor) => Command("booking.seat", actor, BookingRules.ReceptionRoles, async booking =>
    {
        if (booking.Status == BookingStatus.Seated && booking.History[^1].Rule == BookingRules.NoEarlyOpeningRule)
        {
            // A retry of the seat just recorded (or completed after its write failed): the guest is in the room.
            return booking;
        }

        if (booking.Status != BookingStatus.Held)
        {
            return booking.Status == BookingStatus.Released
                ? Refusal.Conflict($"The hold ran out at {booking.ReleasedAt:O} ({booking.HoldRule}); record the late arrival instead (BK-4).", booking.HoldRule)
                : WrongStatus(booking, "seat", BookingRules.NoEarlyOpeningRule);
        }

        var now = time.GetUtcNow();
        var seated = await RoomGrain(booking.RoomId!).Seat(actor, Occupant(booking, BookingStatus.Seated, now));
        if (seated.Refusal is { } refusal)
        {
            return refusal;
        }

        await Save(booking with { Status = BookingStatus.Seated, SeatedAt = now }, actor, now, $"brought the guest to {booking.RoomId} (带房); the room is opened", BookingRules.NoEarlyOpeningRule);
        metrics.BookingSeated(VenueId, booking.RoomKind!.Value);
        return state.State.Booking!;
    });

    public Task<Result<Booking>> Transfer(Actor actor, string toRoomId) => Command("booking.transfer", actor, BookingRules.ReceptionRoles, async booking =>
    {
        if (booking.Status != BookingStatus.Seated)
        {
            return WrongStatus(booking, "transfer", "BK-9");
        }

        if (toRoomId == booking.RoomId && booking.History[^1].Rule == TransferRule)
        {
            // A retry of the transfer just recorded (or completed after a write failed half-way).
            return booking;
        }

        if (toRoomId == booking.RoomId)
        {
            return Refusal.Invalid([new FieldError("toRoomId", $"The party is already in {toRoomId}.", "BK-9")]);
        }

        if ((await Venue()).Value is not { } venue)
        {
            return VenueMissing();
        }

        if (Room(venue, toRoomId) is not { } target)
        {
            return UnknownRoom(toRoomId, "toRoomId");
        }

        // The move is written first, so a failure of any later step leaves a booking that knows both rooms
        // and completes the move (the target seats the party) or forgets it (it does not) at its next read or wake-up.
        var now = time.GetUtcNow();
        var pending = await Store(booking with { PendingTransfer = new RoomMove(Guid.NewGuid().ToString("N"), booking.RoomId!, target.Id, now, actor.ForRecord()) });
        var moved = await RoomGrain(target.Id).Seat(actor, Occupant(booking, BookingStatus.Seated, now));
        if (moved.Refusal is { } refusal)
        {
            await Store(pending with { PendingTransfer = null });
            return refusal;
        }

        await RoomGrain(booking.RoomId!).Release(actor, BookingId);
        await Save(pending with { RoomId = target.Id, RoomKind = target.Kind, PendingTransfer = null }, actor, now,
            $"moved the party from {booking.RoomId} to {target.Id} (转房); booking, booker and spend stay together", TransferRule);
        metrics.BookingTransferred(VenueId, target.Kind);
        return state.State.Booking!;
    });

    public Task<Result<Booking>> Cancel(Actor actor, bool atBookersRequest, string? reason) => Command("booking.cancel", actor, [.. BookingRules.ReceptionRoles], async booking =>
    {
        if (booking.Status is not (BookingStatus.Requested or BookingStatus.Held))
        {
            return WrongStatus(booking, "cancel", BookingRules.ReceptionOnlyRule);
        }

        if (Limits.Check("reason", reason, Limits.Reason, OverrideRules.Rule) is { } tooLong)
        {
            return tooLong;
        }

        string rule;
        if (atBookersRequest)
        {
            rule = "BK-5";
        }
        else
        {
            if (await GrainFactory.GetGrain<IVenueGrain>(VenueId).CheckOverride(actor, OverrideScope.ReleaseHold) is { } notAllowed)
            {
                return notAllowed;
            }

            if (string.IsNullOrWhiteSpace(reason))
            {
                return Refusal.Invalid([new FieldError("reason", "Required: why the hold is released other than at the booker's request.", OverrideRules.Rule)]);
            }

            rule = OverrideRules.Rule;
        }

        if (booking.RoomId is { } roomId && booking.Status == BookingStatus.Held)
        {
            await RoomGrain(roomId).Release(actor, BookingId);
        }

        var now = time.GetUtcNow();
        await Save(booking with { Status = BookingStatus.Cancelled, Credit = CreditStatus.None }, actor, now,
            atBookersRequest ? "cancelled at the booker's request; a later arrival is a walk-in with no credit" : "released the hold by override", rule, reason);
        metrics.BookingCancelled(VenueId, booking.RoomKind ?? booking.BookerDepartment!.Value, rule);
        return state.State.Booking!;
    });

    public Task<Result<Booking>> RequestCancellation(Actor actor, string? reason) => Command("booking.request_cancellation", actor, [Roles.Manager, Roles.ApiClient], async booking =>
    {
        if (actor.Role == Roles.Manager && actor.Badge != booking.BookerBadge)
        {
            return Refusal.Forbidden($"Only the booker (badge {booking.BookerBadge}) may ask to cancel this booking.", BookingRules.ReceptionOnlyRule);
        }

        if (BookingRules.MayReadBookingOf(actor, booking.BookerBadge, booking.PlacedBy) is { } notTheirs)
        {
            return notTheirs;
        }

        if (booking.Status is not (BookingStatus.Requested or BookingStatus.Held))
        {
            return WrongStatus(booking, "ask to cancel", BookingRules.ReceptionOnlyRule);
        }

        if (booking.CancellationRequestedAt is { } asked)
        {
            return Refusal.Conflict($"Reception was already asked to cancel this booking, at {asked:O}.", BookingRules.ReceptionOnlyRule);
        }

        if (Limits.Check("reason", reason, Limits.Reason, BookingRules.ReceptionOnlyRule) is { } tooLong)
        {
            return tooLong;
        }

        var now = time.GetUtcNow();
        await Save(booking with { CancellationRequestedAt = now }, actor, now, "asked reception to cancel the booking", BookingRules.ReceptionOnlyRule, reason);
        return state.State.Booking!;
    });

    public Task<Result<Booking>> CheckOut(Actor actor, decimal spend) => Command("booking.check_out", actor, BookingRules.ReceptionRoles, async booking =>
    {
        if (booking.Status == BookingStatus.CheckedOut && booking.Spend == spend)
        {
            // A retry: the credit and the visit are delivered again (card and file take them once).
            await DeliverCredit(booking);
            await DeliverVisit(booking);
            return booking;
        }

        if (booking.Status != BookingStatus.Seated)
        {
            return WrongStatus(booking, "check out", "BK-10");
        }

        if (Limits.CheckAmount(spend) is { } badSpend)
        {
            return Refusal.Invalid([new FieldError("spend", $"The amount spent {badSpend}.", "BK-10")]);
        }

        var now = time.GetUtcNow();
        await RoomGrain(booking.RoomId!).Release(actor, BookingId);
        var credit = booking.Source == BookingSource.WalkIn ? CreditStatus.None : CreditStatus.Credited;
        await Save(booking with { Status = BookingStatus.CheckedOut, CheckedOutAt = now, Spend = spend, Credit = credit }, actor, now,
            credit == CreditStatus.Credited
                ? $"checked the party out with a spend of {spend} {booking.Currency}; it counts for badge {booking.BookerBadge} (PF-1)"
                : $"checked the walk-in party out with a spend of {spend} {booking.Currency}",
            "BK-10");
        metrics.BookingCheckedOut(VenueId, booking.RoomKind!.Value, spend, booking.Currency);
        await DeliverCredit(state.State.Booking!);
        await DeliverVisit(state.State.Booking!);
        return state.State.Booking!;
    });

    public Task<Result<Booking>> LateArrival(Actor actor, LateArrivalCheck check) => Command("booking.late_arrival", actor, BookingRules.ReceptionRoles, async booking =>
    {
        var now = time.GetUtcNow();
        if (booking.Status == BookingStatus.Cancelled && !booking.History.Any(h => h.Rule == OverrideRules.Rule))
        {
            // BK-5: the arrival is recorded once; the party is a walk-in from then on.
            if (booking.ArrivedAfterCancellationAt is { } arrived)
            {
                return Refusal.Conflict($"The guest's arrival after the booker's cancellation is already recorded, at {arrived:O}: seat the party as a walk-in.", CancelledArrivalRule);
            }

            var arrival = new List<FieldError>();
            Limits.CheckText(arrival, "reason", check.Reason, Limits.Reason, CancelledArrivalRule, "what reception checked of the arriving guest");
            CheckArrivingGuest(arrival, check);
            if (arrival.Count > 0)
            {
                return Refusal.Invalid(arrival);
            }

            await Save(booking with { ArrivedAfterCancellationAt = now }, actor, now, "the guest arrived after the booker's cancellation: the booking is void; seat the party as a walk-in, with no credit", CancelledArrivalRule, check.Reason!.Trim());
            return state.State.Booking!;
        }

        if (booking.Status == BookingStatus.Void && booking.Fine is { } recorded && check.DetailsMatch == false)
        {
            // A retry: the recommendation is delivered again (the ledger takes it once).
            await DeliverFine(booking, recorded);
            return booking;
        }

        if (booking.Status != BookingStatus.Released)
        {
            return WrongStatus(booking, "record a late arrival for", "BK-4");
        }

        var errors = new List<FieldError>();
        if (check.DetailsMatch is null)
        {
            errors.Add(new("detailsMatch", "Required: whether the arriving guest's details match the booking (核实).", "BK-4"));
        }

        Limits.CheckText(errors, "reason", check.Reason, Limits.Reason, "BK-4", "what reception checked and why it decided so");
        CheckArrivingGuest(errors, check);

        if (check.DetailsMatch == true && string.IsNullOrWhiteSpace(check.RoomId))
        {
            errors.Add(new("roomId", "Required: the free room to seat the guest in.", "BK-4"));
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        var evidence = Evidence(booking, check);
        if (check.DetailsMatch == false)
        {
            if ((await Venue()).Value is not { } policyVenue)
            {
                return VenueMissing();
            }

            var fine = new FineRecommendation("BK-4", booking.BookerBadge!, policyVenue.Policy.Bookings.CheatingFine, booking.Currency, now, actor.ForRecord(), evidence);
            await Save(booking with { Status = BookingStatus.Void, Credit = CreditStatus.None, Fine = fine }, actor, now,
                $"checked the late arrival against the booking: it does not match — treated as cheating, no credit; a fine of {fine.Amount} {fine.Currency} on badge {fine.BookerBadge} is recommended for the department manager to confirm (DS-4)",
                "BK-4", evidence);
            await DeliverFine(state.State.Booking!, fine);
            return state.State.Booking!;
        }

        if ((await Venue()).Value is not { } venue)
        {
            return VenueMissing();
        }

        if (Room(venue, check.RoomId!) is not { } room)
        {
            return UnknownRoom(check.RoomId!);
        }

        var seated = await RoomGrain(room.Id).Seat(actor, Occupant(booking, BookingStatus.Seated, now));
        if (seated.Refusal is { } taken)
        {
            return taken;
        }

        await Save(booking with { Status = BookingStatus.Seated, SeatedAt = now, RoomId = room.Id, RoomKind = room.Kind, LateArrival = true }, actor, now,
            $"checked the late arrival against the booking: it matches — seated in {room.Id}; the visit still counts for badge {booking.BookerBadge}",
            "BK-4", evidence);
        metrics.BookingSeated(VenueId, room.Kind);
        return state.State.Booking!;
    });

    public Task<Result<Booking>> RecordOutageArrival(Actor actor, DateTimeOffset arrivedAt, string? reason) => Command("booking.outage_arrival", actor, BookingRules.ReceptionRoles, async booking =>
    {
        if (booking.Status != BookingStatus.Released || !booking.ReleasedAfterOutage)
        {
            return Refusal.Conflict("Only a release applied after an outage can be undone by an arrival recorded with its real time.");
        }

        var errors = new List<FieldError>();
        if (arrivedAt > booking.ReleasedAt || arrivedAt < booking.AssignedAt)
        {
            errors.Add(new("arrivedAt", $"The guest must have arrived between the assignment ({booking.AssignedAt:O}) and the deadline ({booking.ReleasedAt:O}).", booking.HoldRule));
        }

        Limits.CheckText(errors, "reason", reason, Limits.Reason, booking.HoldRule, "how reception knows when the guest arrived");

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var seated = await RoomGrain(booking.RoomId!).Seat(actor, Occupant(booking, BookingStatus.Seated, arrivedAt));
        if (seated.Refusal is { } taken)
        {
            return taken;
        }

        await Save(booking with { Status = BookingStatus.Seated, SeatedAt = arrivedAt, ReleasedAt = null, ReleasedAfterOutage = false }, actor, now,
            $"recorded the guest's arrival at {arrivedAt:O}, during the outage and before the deadline: the release at {booking.ReleasedAt:O} is undone",
            booking.HoldRule!, reason);
        metrics.BookingSeated(VenueId, booking.RoomKind!.Value);
        return state.State.Booking!;
    });

    public Task<Result<Booking>> ExtendHold(Actor actor, DateTimeOffset until, string? reason) => Command("booking.extend_hold", actor, [Roles.GeneralManager, Roles.ReceptionSupervisor], async booking =>
    {
        if (await GrainFactory.GetGrain<IVenueGrain>(VenueId).CheckOverride(actor, OverrideScope.ExtendHold) is { } notAllowed)
        {
            return notAllowed;
        }

        if (booking.Status != BookingStatus.Held)
        {
            return WrongStatus(booking, "extend the hold of", OverrideRules.Rule);
        }

        if ((await Venue()).Value is not { } venue)
        {
            return VenueMissing();
        }

        var errors = new List<FieldError>();
        if (HoldRules.CheckExtension(booking.HoldUntil!.Value, until, VenueClock.For(venue.Venue)) is { } badUntil)
        {
            errors.Add(badUntil);
        }

        Limits.CheckText(errors, "reason", reason, Limits.Reason, OverrideRules.Rule, "why the hold is extended past the policy");

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        var extended = await RoomGrain(booking.RoomId!).Extend(actor, BookingId, until);
        if (extended.Refusal is { } refusal)
        {
            return refusal;
        }

        await Save(booking with { HoldUntil = until }, actor, time.GetUtcNow(), $"extended the hold from {booking.HoldUntil:O} to {until:O}", OverrideRules.Rule, reason);
        return state.State.Booking!;
    }, OverrideRules.Rule);

    public Task<Result<Booking>> Reinstate(Actor actor, string? roomId, string? reason) => Command("booking.reinstate", actor, [Roles.GeneralManager, Roles.ReceptionSupervisor], async booking =>
    {
        if (await GrainFactory.GetGrain<IVenueGrain>(VenueId).CheckOverride(actor, OverrideScope.Reinstate) is { } notAllowed)
        {
            return notAllowed;
        }

        if (booking.Status is not (BookingStatus.Released or BookingStatus.Cancelled))
        {
            return WrongStatus(booking, "reinstate", OverrideRules.Rule);
        }

        if (Limits.Check("reason", reason, Limits.Reason, OverrideRules.Rule, "why the booking is reinstated") is { } badReason)
        {
            return badReason;
        }

        if ((await Venue()).Value is not { } venue)
        {
            return VenueMissing();
        }

        var reopened = booking with { Status = BookingStatus.Requested, ReleasedAt = null, ReleasedAfterOutage = false, Credit = CreditStatus.Pending, ArrivedAfterCancellationAt = null };
        var assigned = await AssignRoom(reopened, actor, venue, roomId ?? booking.RoomId, null, automatic: false, overriding: true);
        if (assigned.Value is not { } held)
        {
            return assigned;
        }

        await Save(held, actor, time.GetUtcNow(), $"reinstated the booking ({booking.Status.ToString().ToLowerInvariant()} before)", OverrideRules.Rule, reason);
        return state.State.Booking!;
    }, OverrideRules.Rule);

    /// <summary>
    /// The day index woke the booking for its deadline. A booking no longer held has applied it already,
    /// so the index missed that report (a call that timed out): it reports itself again.
    /// </summary>
    public async Task WakeUp()
    {
        if (state.State.Booking is null)
        {
            return;
        }

        await Converge();
        if (state.State.Booking!.Status == BookingStatus.Held)
        {
            await ApplyDeadline();
        }
        else
        {
            await Report(state.State.Booking!);
        }
    }

    public async Task<Result<RoomSnapshot>> RepairRoom(Actor actor, string roomId, string? reason)
    {
        if (Access.Require(actor, VenueId, OverrideRules.Rule, [Roles.GeneralManager, Roles.ReceptionSupervisor]) is { } denied)
        {
            return denied;
        }

        if (await GrainFactory.GetGrain<IVenueGrain>(VenueId).CheckOverride(actor, OverrideScope.RepairRoom) is { } notAllowed)
        {
            return notAllowed;
        }

        if (Limits.Check("reason", reason, Limits.Reason, OverrideRules.Rule, "why the room is freed") is { } badReason)
        {
            return badReason;
        }

        if (state.State.Booking is not null)
        {
            // The automatic steps first: what they can decide needs no repair.
            await Converge();
            if (state.State.Booking! is { Status: BookingStatus.Held or BookingStatus.Seated } live && live.RoomId == roomId)
            {
                return Refusal.Conflict($"Booking '{BookingId}' agrees with room '{roomId}' ({live.Status.ToString().ToLowerInvariant()}): check it out or cancel it instead.", OverrideRules.Rule);
            }
        }

        var repaired = await RoomGrain(roomId).Repair(actor, BookingId, reason!.Trim());
        if (repaired.Refusal is null && state.State.Booking is { } booking && booking.History.Count < Limits.BookingHistory)
        {
            await Save(booking, actor, time.GetUtcNow(), $"room {roomId}, which still named this booking ({booking.Status.ToString().ToLowerInvariant()}{(booking.RoomId is { } own ? $", in {own}" : string.Empty)}), was freed by repair", OverrideRules.Rule, reason.Trim());
        }

        return repaired;
    }

    public async Task RoomClaims(string roomId)
    {
        if (state.State.Booking is not null || (await Venue()).Value is not { } venue || Room(venue, roomId) is not { } room)
        {
            return;
        }

        // The message may be stale: only what the room holds now counts.
        var occupant = (await RoomGrain(roomId).GetSnapshot()).Occupant;
        if (!ConvergenceRules.IsUnrecordedWalkIn(state.State.Booking, BookingId, occupant))
        {
            return;
        }

        var since = occupant!.Since;
        var recorded = new Change(since, Actor.System, $"recorded the walk-in party seated in {room.Id} after a failed write: the room took the party, the booking's record was not written; no booker, no credit", BookingRules.ReceptionOnlyRule);
        await Save(BookingRules.WalkIn(BookingId, VenueId, VenueClock.For(venue.Venue).BusinessDayOf(since), room, occupant.GuestName, since, venue.Venue.Currency, occupant.PlacedBy, recorded));
        await TellRooms(since, recorded.What, BookingRules.ReceptionOnlyRule, room.Id);
        metrics.BookingSeated(VenueId, room.Kind);
    }

    /// <summary>
    /// Completes or undoes a cross-grain step whose write failed half-way, by what the rooms hold (they
    /// decide who is in them): a seat the room took, a transfer the target took or never took. Done by
    /// the system actor, stamped with the step's own time, before any deadline is applied.
    /// </summary>
    private async Task Converge()
    {
        var booking = state.State.Booking!;
        if (booking.PendingTransfer is { } move)
        {
            var target = (await RoomGrain(move.ToRoomId).GetSnapshot()).Occupant;
            if (ConvergenceRules.TransferWentThrough(booking, target))
            {
                await RoomGrain(move.FromRoomId).Release(Actor.System, BookingId);
                var kind = (await Venue()).Value is { } venue && Room(venue, move.ToRoomId) is { } room ? room.Kind : booking.RoomKind;
                var moved = $"moved the party from {move.FromRoomId} to {move.ToRoomId} (转房), as {move.By.DisplayName ?? move.By.Subject} asked: {ConvergenceRules.CompletedAfterFailedWrite} (operation {move.OperationId})";
                await Save(booking with { RoomId = move.ToRoomId, RoomKind = kind, PendingTransfer = null }, Actor.System, move.At, moved, TransferRule);
                await TellRooms(move.At, moved, TransferRule, move.FromRoomId, move.ToRoomId);
                metrics.BookingTransferred(VenueId, kind ?? booking.BookerDepartment!.Value);
            }
            else
            {
                var undone = $"the move from {move.FromRoomId} to {move.ToRoomId} did not happen (a write failed before {move.ToRoomId} took the party): the party stays in {move.FromRoomId} (operation {move.OperationId})";
                await Save(booking with { PendingTransfer = null }, Actor.System, move.At, undone, TransferRule);
                await TellRooms(move.At, undone, TransferRule, move.FromRoomId, move.ToRoomId);
            }

            return;
        }

        if (booking is { Status: BookingStatus.Held, RoomId: { } roomId })
        {
            var occupant = (await RoomGrain(roomId).GetSnapshot()).Occupant;
            if (ConvergenceRules.SeatWentThrough(booking, occupant))
            {
                var seated = $"brought the guest to {roomId} (带房); the room is opened: {ConvergenceRules.CompletedAfterFailedWrite} (the room seated the party)";
                await Save(booking with { Status = BookingStatus.Seated, SeatedAt = occupant!.Since }, Actor.System, occupant.Since, seated, BookingRules.NoEarlyOpeningRule);
                await TellRooms(occupant.Since, seated, BookingRules.NoEarlyOpeningRule, roomId);
                metrics.BookingSeated(VenueId, booking.RoomKind!.Value);
            }
        }
    }

    /// <summary>The rooms a completed or undone step concerns record it too, after the booking stored it.</summary>
    private Task TellRooms(DateTimeOffset at, string what, string rule, params string[] roomIds) =>
        Task.WhenAll(roomIds.Select(id => RoomGrain(id).RecordConvergence(Actor.System, new Change(at, Actor.System, $"booking {BookingId}: {what}", rule))));

    /// <summary>
    /// Applies a hold deadline that has passed (BK-2/BK-3): the release is stamped with the deadline,
    /// done by the system actor under the hold's rule, and marked when an outage delayed it.
    /// </summary>
    private async Task ApplyDeadline()
    {
        var booking = state.State.Booking!;
        var now = time.GetUtcNow();
        if (booking.Status != BookingStatus.Held || !HoldRules.IsExpired(booking.HoldUntil, now))
        {
            return;
        }

        var deadline = booking.HoldUntil!.Value;
        var lateness = now - deadline;
        var afterOutage = lateness > DeadlineAlarm.OutageThreshold;
        await RoomGrain(booking.RoomId!).Release(Actor.System, BookingId);
        var released = await Store(WithChange(booking with { Status = BookingStatus.Released, ReleasedAt = deadline, ReleasedAfterOutage = afterOutage }, Actor.System, deadline,
            afterOutage
                ? $"released the hold at its deadline: the guest had not arrived (no-show); applied after an outage, {lateness.TotalSeconds:0} s late — an arrival during the outage can still be recorded"
                : "released the hold at its deadline: the guest had not arrived (no-show)",
            booking.HoldRule!));

        // Counted once stored, whether or not the day index hears of it now (a missed report is sent again at its next wake-up).
        metrics.BookingReleased(VenueId, booking.RoomKind!.Value, booking.HoldRule!, lateness);
        LogReleased(logger, BookingId, VenueId, deadline, lateness.TotalSeconds);
        await Report(released);
    }

    /// <summary>Holds a room (the one given, or the first free one of a type) with the policy's deadline.</summary>
    private async Task<Result<Booking>> AssignRoom(Booking booking, Actor actor, VenueSnapshot venue, string? roomId, string? roomType, bool automatic, bool overriding = false)
    {
        var now = time.GetUtcNow();
        var clock = VenueClock.For(venue.Venue);
        var decision = HoldRules.Deadline(now, clock, venue.Policy.Bookings);
        if (decision.Value is not { } hold)
        {
            if (!overriding)
            {
                return decision.Refusal!;
            }

            hold = new HoldDecision(now.AddMinutes(venue.Policy.Bookings.LateHoldMinutes), HoldRules.LaterRule);
        }

        string[] candidates;
        if (!string.IsNullOrWhiteSpace(roomId))
        {
            if (Room(venue, roomId) is null)
            {
                return UnknownRoom(roomId);
            }

            candidates = [roomId];
        }
        else if (!string.IsNullOrWhiteSpace(roomType))
        {
            if (!venue.Rooms.Any(r => string.Equals(r.Type, roomType, StringComparison.OrdinalIgnoreCase)))
            {
                return Refusal.Invalid([new FieldError("roomType", $"Venue '{VenueId}' has no rooms of type '{roomType}'.")]);
            }

            candidates = (await GrainFactory.GetGrain<IVenueBoardGrain>(VenueId).FreeRooms(roomType)).Take(TypePickAttempts).ToArray();
            if (candidates.Length == 0)
            {
                return Refusal.Conflict($"No room of type '{roomType}' is free now.", BookingRules.NoEarlyOpeningRule);
            }
        }
        else
        {
            return Refusal.Invalid([new FieldError("roomId", "Give roomId or roomType to assign a room.", BookingRules.ReceptionOnlyRule)]);
        }

        Refusal? lastRefusal = null;
        foreach (var candidate in candidates)
        {
            var room = Room(venue, candidate)!;
            var occupant = new RoomOccupant(BookingId, BookingStatus.Held, booking.GuestName, booking.BookerName, booking.BookerBadge, now, hold.Until, booking.PlacedBy);
            var held = await RoomGrain(candidate).Hold(actor, occupant);
            if (held.Refusal is null)
            {
                var local = clock.ToLocal(hold.Until);
                var change = new Change(now, actor.ForRecord(),
                    $"{(automatic ? "assigned automatically (the venue's policy allows it)" : "assigned")} {room.Id}; held until {local:HH:mm:ss} ({hold.Rule})",
                    automatic ? BookingRules.ReceptionOnlyRule : hold.Rule);
                return booking with
                {
                    Status = BookingStatus.Held,
                    RoomId = room.Id,
                    RoomKind = room.Kind,
                    AssignedAt = now,
                    AssignedAutomatically = automatic,
                    HoldUntil = hold.Until,
                    HoldRule = hold.Rule,
                    History = [.. booking.History, change],
                };
            }

            lastRefusal = held.Refusal;
        }

        return lastRefusal!;
    }

    private async Task<Result<Booking>> Command(string name, Actor actor, string[] roles, Func<Booking, Task<Result<Booking>>> act, string rule = BookingRules.ReceptionOnlyRule)
    {
        return await Traced(name, state.State.Booking?.RoomId, async () =>
        {
            if (state.State.Booking is null)
            {
                return Missing();
            }

            if (Access.Require(actor, VenueId, rule, roles) is { } denied)
            {
                return denied;
            }

            await Converge();
            await ApplyDeadline();

            // Every command appends to the history, which is stored and read whole with the booking.
            if (state.State.Booking!.History.Count >= Limits.BookingHistory)
            {
                return Refusal.Conflict($"The booking's history is full ({Limits.BookingHistory} entries); no further change can be recorded on it.", BookingRules.ReceptionOnlyRule);
            }

            return await act(state.State.Booking!);
        });
    }

    private async Task<Result<Booking>> Traced(string name, string? roomId, Func<Task<Result<Booking>>> command)
    {
        using var activity = ClubGrainsMetrics.Activities.StartActivity(name);
        activity?.SetTag(ClubGrainsMetrics.VenueTag, VenueId);
        activity?.SetTag("booking", BookingId);
        activity?.SetTag("room", roomId);
        var result = await command();
        if (result.Refusal is { } refusal)
        {
            activity?.SetStatus(ActivityStatusCode.Error, refusal.Message);
            activity?.SetTag(ClubGrainsMetrics.RuleTag, refusal.Rule);
            activity?.SetTag("refusal", refusal.Kind.ToString());
        }
        else if (result.Value?.RoomId is { } room)
        {
            activity?.SetTag("room", room);
        }

        return result;
    }

    private Task Save(Booking booking, Actor actor, DateTimeOffset at, string what, string rule, string? reason = null) =>
        Save(WithChange(booking, actor, at, what, rule, reason));

    private static Booking WithChange(Booking booking, Actor actor, DateTimeOffset at, string what, string rule, string? reason = null) =>
        booking with { History = [.. booking.History, new Change(at, actor.ForRecord(), what, rule, reason)] };

    private async Task Save(Booking booking) => await Report(await Store(booking));

    /// <summary>Writes the booking's next version; the day index is told separately (<see cref="Report"/>).</summary>
    private async Task<Booking> Store(Booking booking)
    {
        var saved = booking with { Version = booking.Version + 1 };
        state.State.Booking = saved;
        await state.WriteOrReloadAsync(this);
        LogChanged(logger, BookingId, VenueId, saved.Status, saved.Version);
        return saved;
    }

    private Task Report(Booking booking) =>
        GrainFactory.GetGrain<IVenueDayGrain>(GrainKeys.Day(VenueId, booking.BusinessDay)).Upsert(BookingSummary.Of(booking));

    /// <summary>PF-1: a checked-out booking credits its booker's card; the operation is the booking, so retries count once.</summary>
    private Task DeliverCredit(Booking booking) =>
        booking.Credit == CreditStatus.Credited
            ? Manager(booking.BookerBadge!).Credit(new BookingCredit(booking.Id, booking.BusinessDay, booking.GuestName, booking.RoomId, booking.Spend!.Value, booking.CheckedOutAt!.Value))
            : Task.CompletedTask;

    /// <summary>CR-1/CR-4: the visit and its spend go to the customer's file, which asks the booker to call back.</summary>
    private async Task DeliverVisit(Booking booking)
    {
        if (booking.GuestPhoneNormalized is not { } phone)
        {
            return;
        }

        var policy = (await GrainFactory.GetGrain<IVenueGrain>(VenueId).GetPolicy()).Value ?? VenuePolicy.Default;
        var at = booking.CheckedOutAt!.Value;
        await GrainFactory.GetGrain<ICustomerGrain>(phone).RecordVisit(
            new CustomerVisit(VenueId, booking.Id, at, booking.Spend!.Value, booking.Currency, booking.Source == BookingSource.WalkIn ? null : booking.BookerBadge, CustomerRules.CallbackBy(at, policy.Customers)));
    }

    /// <summary>BK-4: the cheating fine goes to the booker's ledger as a recommendation (DS-4), once.</summary>
    private Task DeliverFine(Booking booking, FineRecommendation fine) =>
        Manager(fine.BookerBadge).RecommendFine(new FineRequest($"BK-4:{booking.Id}", fine.Rule, fine.Amount, fine.Currency, fine.At, fine.RecordedBy, fine.Evidence));

    private IManagerGrain Manager(string badge) => GrainFactory.GetGrain<IManagerGrain>(GrainKeys.Manager(VenueId, badge));

    private Task<Result<VenueSnapshot>> Venue() => GrainFactory.GetGrain<IVenueGrain>(VenueId).GetSnapshot();

    private static RoomDefinition? Room(VenueSnapshot venue, string roomId) => venue.Rooms.FirstOrDefault(r => r.Id == roomId);

    private IRoomGrain RoomGrain(string roomId) => GrainFactory.GetGrain<IRoomGrain>(GrainKeys.Room(VenueId, roomId));

    private RoomOccupant Occupant(Booking booking, BookingStatus status, DateTimeOffset since) =>
        new(BookingId, status, booking.GuestName, booking.BookerName, booking.BookerBadge, since, status == BookingStatus.Held ? booking.HoldUntil : null, booking.PlacedBy);

    private static void CheckArrivingGuest(List<FieldError> errors, LateArrivalCheck check)
    {
        Limits.CheckText(errors, "arrivingGuestName", check.ArrivingGuestName, Limits.Name);
        Limits.CheckText(errors, "arrivingGuestPhone", check.ArrivingGuestPhone, Limits.Phone);
        Limits.CheckText(errors, "roomId", check.RoomId, Limits.Id);
    }

    private static string Evidence(Booking booking, LateArrivalCheck check) =>
        $"{check.Reason!.Trim()} (booked: {booking.GuestName}, {booking.GuestPhone}; arriving: {check.ArrivingGuestName ?? "not given"}, " +
        $"{check.ArrivingGuestPhone ?? "not given"}{(check.ArrivingGuestPhone is { } phone && PhoneNumbers.Normalize(phone) is { } normalized ? normalized == booking.GuestPhoneNormalized ? ", same phone" : ", another phone" : string.Empty)})";

    private Refusal Missing() => Refusal.NotFound($"Venue '{VenueId}' has no booking '{BookingId}'.");

    private Refusal VenueMissing() => Refusal.NotFound($"Venue '{VenueId}' does not exist.");

    private Refusal UnknownRoom(string roomId, string field = "roomId") =>
        Refusal.Invalid([new FieldError(field, $"Venue '{VenueId}' has no room '{roomId}'.")]);

    private static Refusal WrongStatus(Booking booking, string what, string rule) =>
        Refusal.Conflict($"Cannot {what} a booking that is {booking.Status.ToString().ToLowerInvariant()}.", rule);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {BookingId} at {VenueId} is {Status} (version {Version})")]
    private static partial void LogChanged(ILogger logger, string bookingId, string venueId, BookingStatus status, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {BookingId} at {VenueId}: hold released at its deadline {Deadline}, {LatenessSeconds} s late")]
    private static partial void LogReleased(ILogger logger, string bookingId, string venueId, DateTimeOffset deadline, double latenessSeconds);
}
