using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Common;
using ClubGrains.Customers;
using ClubGrains.Rooms;

namespace ClubGrains.Api.Customers;

/// <summary>Body of <c>POST customers/{phone}/callbacks</c> (CR-4).</summary>
public sealed record CallbackBody(string? BookingId);

/// <summary>Body of feedback and complaints (CR-1, CR-3).</summary>
public sealed record NoteBody(string? Text);

/// <summary>Body of <c>POST customers/{phone}/complaints/{id}/resolve</c> (CR-3).</summary>
public sealed record ResolutionBody(string? Resolution);

/// <summary>Customer files (CR-1 to CR-4, TG-3), keyed by phone number, seen per venue.</summary>
internal static class CustomerEndpoints
{
    private static readonly string[] Readers = [Roles.DepartmentManager, Roles.GeneralManager, Roles.Operator, Roles.Manager, Roles.Reception, Roles.ReceptionSupervisor];
    private static readonly string[] NoteTakers = [Roles.Manager, Roles.DepartmentManager, Roles.GeneralManager, Roles.Reception];

    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder routes)
    {
        var customers = routes.MapGroup("/venues/{venueId}/customers").WithTags("Customers");
        customers.MapPost("/", ReportCustomer).RequireVenueRoles(Roles.Manager)
            .Describe("reportCustomer", CustomerRules.NewCustomerRule, "TG-3/CR-1: a manager reports a new customer; the first report of a number in the chain claims it, provisionally until the department manager confirms.")
            .Produces<CustomerFile>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        var customer = customers.MapGroup("/{phone}");
        customer.MapGet("/", GetCustomer).RequireVenueRoles(Readers).WithName("getCustomer")
            .WithSummary("The customer's file as this venue sees it: who claimed the number, visits and spend here, feedback, complaints, callbacks, big-customer status (CR-2).")
            .Produces<CustomerFile>().ProducesProblem(StatusCodes.Status404NotFound);
        customer.MapPost("/confirm", ConfirmCustomer).RequireVenueRoles(Roles.DepartmentManager, Roles.GeneralManager)
            .Describe("confirmCustomer", CustomerRules.FileRule, "CR-1: the department manager confirms the file.")
            .Produces<CustomerFile>();
        customer.MapPost("/feedback", AddFeedback).RequireVenueRoles(NoteTakers)
            .Describe("addCustomerFeedback", CustomerRules.FileRule, "CR-1: records the customer's feedback.")
            .Produces<CustomerFile>().ProducesValidationProblem();
        customer.MapPost("/complaints", FileComplaint).RequireVenueRoles(NoteTakers)
            .Describe("fileCustomerComplaint", CustomerRules.ComplaintRule, "CR-3: records a complaint for the department manager.")
            .Produces<CustomerFile>().ProducesValidationProblem();
        customer.MapPost("/complaints/{complaintId}/resolve", ResolveComplaint).RequireVenueRoles(Roles.DepartmentManager, Roles.GeneralManager)
            .Describe("resolveCustomerComplaint", CustomerRules.ComplaintRule, "CR-3: the department manager resolves a complaint.")
            .Produces<CustomerFile>().ProducesValidationProblem();
        customer.MapPost("/callbacks", RecordCallback).RequireVenueRoles(Roles.Manager)
            .Describe("recordCustomerCallback", CustomerRules.CallbackRule, "CR-4: the visit's manager records the callback (回访); one not made within the policy's days is flagged.")
            .Produces<CustomerFile>().ProducesValidationProblem();
        return routes;
    }

    private static Task<IResult> ReportCustomer(string venueId, NewCustomer body, IGrainFactory grains, HttpContext http) =>
        PhoneNumbers.Normalize(body.Phone) is { } phone
            ? Run(grains, phone, g => g.Claim(Actors.From(http.User), venueId, body.Name))
            : Task.FromResult(Refusal.Invalid([new FieldError("phone", "Required: the customer's phone number.", CustomerRules.NewCustomerRule)]).ToProblem());

    private static Task<IResult> GetCustomer(string venueId, string phone, IGrainFactory grains) =>
        Run(grains, phone, g => g.GetFile(venueId));

    private static Task<IResult> ConfirmCustomer(string venueId, string phone, IGrainFactory grains, HttpContext http) =>
        Run(grains, phone, g => g.Confirm(Actors.From(http.User), venueId));

    private static Task<IResult> AddFeedback(string venueId, string phone, NoteBody body, IGrainFactory grains, HttpContext http) =>
        Run(grains, phone, g => g.AddFeedback(Actors.From(http.User), venueId, body.Text));

    private static Task<IResult> FileComplaint(string venueId, string phone, NoteBody body, IGrainFactory grains, HttpContext http) =>
        Run(grains, phone, g => g.RecordComplaint(Actors.From(http.User), venueId, body.Text));

    private static Task<IResult> ResolveComplaint(string venueId, string phone, string complaintId, ResolutionBody body, IGrainFactory grains, HttpContext http) =>
        Run(grains, phone, g => g.ResolveComplaint(Actors.From(http.User), venueId, complaintId, body.Resolution));

    private static Task<IResult> RecordCallback(string venueId, string phone, CallbackBody body, IGrainFactory grains, HttpContext http) =>
        body.BookingId is null
            ? Task.FromResult(Refusal.Invalid([new FieldError("bookingId", "Required: the visit's booking.", CustomerRules.CallbackRule)]).ToProblem())
            : Run(grains, phone, g => g.RecordCallback(Actors.From(http.User), venueId, body.BookingId));

    private static async Task<IResult> Run(IGrainFactory grains, string phone, Func<ICustomerGrain, Task<Result<CustomerFile>>> act) =>
        PhoneNumbers.Normalize(phone) is { } normalized
            ? (await act(grains.GetGrain<ICustomerGrain>(normalized))).ToHttp(f => TypedResults.Ok(f))
            : Refusal.NotFound($"'{phone}' is not a phone number.").ToProblem();
}
