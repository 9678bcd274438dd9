using AiScheduler.Domain.Campaigns;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Leads;

/// <summary>
/// The Leads folder is the only writer of <c>leads</c>: the system's status moves go through <see cref="LeadStatusWriter"/>
/// on the caller's connection and transaction, an opted-out lead stays do-not-call, and a campaign's own per-lead state
/// moves only as <see cref="LeadCallLifecycle"/> allows.
/// </summary>
public sealed class LeadStatusOwnershipTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_status_move_commits_or_rolls_back_with_the_callers_transaction_and_an_opt_out_sticks(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock(Now);
        var store = await TestStores.CreateAsync(provider, postgres, clock, ct);
        var lead = await new LeadStore(store, clock).InsertAsync(Workspaces.DefaultId, Draft("+12125550143"), ct);

        var rolledBack = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InTransactionAsync<bool>(async (connection, transaction) =>
        {
            Assert.True(await LeadStatusWriter.SetAsync(connection, transaction, Workspaces.DefaultId, lead.Id, LeadStatus.Booked, Now, ct));
            throw new InvalidOperationException("the caller's own write failed");
        }, ct));
        Assert.Equal("the caller's own write failed", rolledBack.Message);
        Assert.Equal(LeadStatus.New.Value, await StatusAsync(store, clock, lead.Id, ct));

        await store.InTransactionAsync((connection, transaction) =>
            LeadStatusWriter.SetAsync(connection, transaction, Workspaces.DefaultId, lead.Id, LeadStatus.DoNotCall, Now, ct), ct);
        await using (var connection = await store.OpenConnectionAsync(ct))
        {
            Assert.False(await LeadStatusWriter.SetAsync(connection, null, Workspaces.DefaultId, lead.Id, LeadStatus.Callback, Now, ct));
            Assert.False(await LeadStatusWriter.SetAsync(connection, null, Workspaces.DefaultId, lead.Id, LeadStatus.Calling, Now, ct));
            Assert.True(await LeadStatusWriter.SetAsync(connection, null, Workspaces.DefaultId, lead.Id, LeadStatus.DoNotCall, Now, ct));
        }

        Assert.Equal(LeadStatus.DoNotCall.Value, await StatusAsync(store, clock, lead.Id, ct));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_meetings_conclusion_records_the_score_but_never_lifts_an_opt_out(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock(Now);
        var store = await TestStores.CreateAsync(provider, postgres, clock, ct);
        var leads = new LeadStore(store, clock);
        var optedOut = await leads.InsertAsync(Workspaces.DefaultId, Draft("+12125550145"), ct);
        var other = await leads.InsertAsync(Workspaces.DefaultId, Draft("+12125550146"), ct);
        // The lead asked not to be called again during the meeting; the analysis finishes afterwards.
        await store.InTransactionAsync((connection, transaction) =>
            LeadStatusWriter.SetAsync(connection, transaction, Workspaces.DefaultId, optedOut.Id, LeadStatus.DoNotCall, Now, ct), ct);

        Assert.True(await leads.RecordQualificationAsync(Workspaces.DefaultId, optedOut.Id, LeadStatus.Qualified.Value, 81, ["budget approved"],
            Guid.NewGuid(), Now, ct));
        Assert.True(await leads.RecordQualificationAsync(Workspaces.DefaultId, other.Id, LeadStatus.Qualified.Value, 77, ["needs it by May"],
            Guid.NewGuid(), Now, ct));

        var kept = (await leads.GetAsync(Workspaces.DefaultId, optedOut.Id, ct))!;
        Assert.Equal(LeadStatus.DoNotCall.Value, kept.Status);
        Assert.Equal(81, kept.Score);
        var qualified = (await leads.GetAsync(Workspaces.DefaultId, other.Id, ct))!;
        Assert.Equal(LeadStatus.Qualified.Value, qualified.Status);
        Assert.Equal(77, qualified.Score);
    }

    [Fact]
    public async Task The_writer_refuses_a_persons_decision_and_a_meetings_conclusion()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock(Now);
        var store = await TestStores.CreateAsync(StoreProvider.Sqlite, postgres, clock, ct);
        await using var connection = await store.OpenConnectionAsync(ct);

        var person = await Assert.ThrowsAsync<ArgumentException>(() =>
            LeadStatusWriter.SetAsync(connection, null, Workspaces.DefaultId, Guid.NewGuid(), LeadStatus.New, Now, ct));
        Assert.StartsWith("'new' is a person's decision", person.Message, StringComparison.Ordinal);
        foreach (var concluded in new[] { LeadStatus.Qualified, LeadStatus.Nurture, LeadStatus.Disqualified })
        {
            var meeting = await Assert.ThrowsAsync<ArgumentException>(() =>
                LeadStatusWriter.SetAsync(connection, null, Workspaces.DefaultId, Guid.NewGuid(), concluded, Now, ct));
            Assert.Contains("RecordQualificationAsync", meeting.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => LeadStatus.Parse("maybe"));
        Assert.True(LeadStatus.TryParse("do-not-call", out var parsed));
        Assert.Equal(LeadStatus.DoNotCall, parsed);
        Assert.Equal(LeadStatus.All.Count, LeadStatus.All.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_campaign_moves_its_lead_only_as_the_lifecycle_allows_and_refuses_an_attempt_for_a_lead_not_on_a_call(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock(Now);
        var store = await TestStores.CreateAsync(provider, postgres, clock, ct);
        var leads = new LeadStore(store, clock);
        var lead = await leads.InsertAsync(Workspaces.DefaultId, Draft("+12125550144"), ct);
        var campaigns = new CampaignStore(store, clock);
        var campaign = await campaigns.CreateAsync(Workspaces.DefaultId, "ownership",
            new CampaignSettings("Mon-Sun 00:00-23:59", 1, "Etc/UTC", new RetrySettings(), null, null), LeadSelection.AllNew,
            CampaignStatus.Running, ct);
        Assert.Equal(1, await campaigns.EnrollAsync(campaign, ct));

        var picked = await campaigns.PickDueAsync(campaign, "claim-1", 10, ct);
        Assert.Equal(lead.Id, Assert.Single(picked.Leads).LeadId);
        Assert.Equal(LeadStatus.Calling.Value, await StatusAsync(store, clock, lead.Id, ct));
        // Already on a call: a second pick with another claim does not dial it again.
        Assert.Empty((await campaigns.PickDueAsync(campaign, "claim-2", 10, ct)).Leads);

        var record = await campaigns.RecordAttemptAsync(campaign, lead.Id, 1, null, CallOutcome.NoAnswer, null, ct);
        Assert.Equal(LeadCallState.RetryWait.ToWireName(), record.State);
        Assert.Equal(LeadStatus.Queued.Value, await StatusAsync(store, clock, lead.Id, ct));
        // A repeat of the same attempt returns what was recorded; a new attempt for a lead nobody dialled is refused.
        Assert.Equal(record, await campaigns.RecordAttemptAsync(campaign, lead.Id, 1, null, CallOutcome.NoAnswer, null, ct));
        var refused = await Assert.ThrowsAsync<InvalidTransitionException>(() =>
            campaigns.RecordAttemptAsync(campaign, lead.Id, 2, null, CallOutcome.NoAnswer, null, ct));
        Assert.Equal($"Attempt 2 of lead {lead.Id} in campaign {campaign.Id} cannot be recorded: " +
            "Only a call that just ended can lead to a wait; the lead is retry.", refused.Message);

        // An opt-out on the next call settles the lead, puts the number on the list and the lead stays do-not-call.
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Single((await campaigns.PickDueAsync(campaign, "claim-3", 10, ct)).Leads);
        var optedOut = await campaigns.RecordAttemptAsync(campaign, lead.Id, 2, null, CallOutcome.OptedOut, null, ct);
        Assert.Equal((LeadCallState.Settled.ToWireName(), LeadStatus.DoNotCall.Value), (optedOut.State, optedOut.Settlement));
        Assert.Equal(LeadStatus.DoNotCall.Value, await StatusAsync(store, clock, lead.Id, ct));
        Assert.True(await new DoNotCallList(store, clock).ContainsAsync(Workspaces.DefaultId, "+12125550144", ct));
    }

    private static async Task<string?> StatusAsync(DataStore store, TimeProvider clock, Guid leadId, CancellationToken ct) =>
        (await new LeadStore(store, clock).GetAsync(Workspaces.DefaultId, leadId, ct))?.Status;

    private static LeadDraft Draft(string phone) => new("Ada", phone, null, null, null, "en-US", InferenceSource.Declared, "America/New_York",
        InferenceSource.Declared, null, null, LeadStatus.New, null);
}
