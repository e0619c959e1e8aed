using ClubGrains.Customers;

namespace ClubGrains.Tests.Customers;

/// <summary>The pure rules of the customer files, without a silo.</summary>
public sealed class CustomerRulesTests
{
    [Fact]
    public void A_reported_name_within_the_limit_passes()
    {
        Assert.Null(CustomerRules.CheckName("王先生"));
        Assert.Null(CustomerRules.CheckName(new string('x', Limits.Name)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_name_is_refused_on_the_name_field_under_tg3(string? name)
    {
        var refusal = CustomerRules.CheckName(name);

        Assert.Equal(RefusalKind.Invalid, refusal!.Kind);
        var field = Assert.Single(refusal.Fields!);
        Assert.Equal(("name", CustomerRules.NewCustomerRule), (field.Field, field.Rule));
    }

    [Fact]
    public void A_name_over_the_limit_is_refused()
    {
        var refusal = CustomerRules.CheckName(new string('x', Limits.Name + 1));

        Assert.Equal($"At most {Limits.Name} characters.", Assert.Single(refusal!.Fields!).Message);
    }

    [Theory]
    [InlineData("Wang\nLi")]
    [InlineData("Wang\u0000")]
    [InlineData("\tWang")]
    public void A_name_holding_control_characters_is_refused_under_tg3(string name)
    {
        var refusal = CustomerRules.CheckName(name);

        var field = Assert.Single(refusal!.Fields!);
        Assert.Equal(("name", "Must not hold control characters (NUL, line breaks, tabs…).", CustomerRules.NewCustomerRule), (field.Field, field.Message, field.Rule));
    }
}
