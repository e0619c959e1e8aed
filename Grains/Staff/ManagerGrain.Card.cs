using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Staff;

/// <summary>The performance card: credited bookings (PF-1) and their signing by the deadline (PF-2).</summary>
public sealed partial class ManagerGrain
{
    public async Task Credit(BookingCredit credit)
    {
        if (S.Profile is null || !S.Operations.Add("credit:" + credit.BookingId))
        {
            return;
        }

        var venue = (await Venue()).Value!;
        var signBy = CardRules.SignBy(credit.BusinessDay, VenueClock.For(venue.Venue), venue.Policy.Logs);
        var cancelledBy = S.Days.TryGetValue(credit.BusinessDay, out var day) ? day.CreditCancelledBy : null;
        S.Card.Add(CardRules.Slip(credit, signBy, cancelledBy));
        Record(ManagerEvents.Credited, Actor.System, credit.CheckedOutAt, cancelledBy is null
            ? $"credited booking {credit.BookingId} ({credit.Spend} {venue.Venue.Currency}); the slip is to be signed by {signBy:O}"
            : $"booking {credit.BookingId} checked out, but the day's credit is cancelled ({cancelledBy}): no credit", cancelledBy ?? StaffRules.CreditRule);
        await SaveDay(credit.BusinessDay, VenueClock.For(venue.Venue));
    }

    public Task<Result<IReadOnlyList<CardSlip>>> SignCard(Actor actor) =>
        Command<IReadOnlyList<CardSlip>>(actor, StaffRules.Own("sign another manager's card"), async _ =>
        {
            await ApplyDeadlines();
            var now = _time.GetUtcNow();
            var toSign = CardRules.Open(S.Card);
            if (toSign.Value is not { } open)
            {
                return toSign.Refusal!;
            }

            foreach (var i in open)
            {
                S.Card[i] = S.Card[i] with { SignedAt = now };
            }

            Record(ManagerEvents.CardSigned, actor, now, $"signed {open.Length} slip(s) of the performance card", StaffRules.CardRule);
            await Save();
            var clock = VenueClock.For((await Venue()).Value!.Venue);
            foreach (var day in open.Select(i => S.Card[i].BusinessDay).Distinct())
            {
                ReportToShift(day, clock);
            }

            return Result.Ok<IReadOnlyList<CardSlip>>(S.Card.ToArray());
        });

    /// <summary>PF-1: a cancelled day credits nothing: its slips are void, and later ones arrive void.</summary>
    private void CancelDayCredit(DateOnly day, string rule, DateTimeOffset at)
    {
        if (S.Days[day].CreditCancelledBy is null)
        {
            S.Days[day] = S.Days[day] with { CreditCancelledBy = rule };
        }

        for (var i = 0; i < S.Card.Count; i++)
        {
            if (S.Card[i].BusinessDay == day && !S.Card[i].Void)
            {
                S.Card[i] = S.Card[i] with { Void = true };
                Record(ManagerEvents.SlipVoid, Actor.System, at, $"the slip of booking {S.Card[i].BookingId} is void: the day's credit is cancelled", rule);
            }
        }
    }
}
