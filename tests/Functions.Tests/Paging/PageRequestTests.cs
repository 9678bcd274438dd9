using AiScheduler.Functions.Hosting;

namespace AiScheduler.Functions.Tests.Paging;

public sealed class PageRequestTests
{
    [Fact]
    public void Absent_parameters_mean_the_first_page_of_the_default_size()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        var paging = PageRequest.Read(null, null, 200, errors);

        Assert.Equal((1, PageRequest.DefaultPageSize), (paging!.Page, paging.PageSize));
        Assert.Empty(errors);
    }

    [Fact]
    public void A_page_size_equal_to_the_endpoint_maximum_is_accepted()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        var paging = PageRequest.Read(3, 200, 200, errors);

        Assert.Equal((3, 200), (paging!.Page, paging.PageSize));
        Assert.Empty(errors);
    }

    [Fact]
    public void Out_of_range_values_are_reported_under_their_parameter_names_next_to_the_endpoints_own_errors()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["status"] = ["unknown"] };

        var paging = PageRequest.Read(0, 201, 200, errors);

        Assert.Null(paging);
        Assert.Equal(["must be 1 or more"], errors["page"]);
        Assert.Equal(["must be between 1 and 200"], errors["pageSize"]);
        Assert.Equal(["unknown"], errors["status"]);
    }

    [Fact]
    public void A_page_size_below_one_is_rejected_even_when_the_page_is_valid()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        Assert.Null(PageRequest.Read(2, 0, 500, errors));
        Assert.Equal(["pageSize"], errors.Keys);
    }

    [Fact]
    public void The_record_itself_refuses_a_page_or_size_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PageRequest(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PageRequest(1, 0));
    }
}
