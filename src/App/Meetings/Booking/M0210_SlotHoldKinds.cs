using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Meetings.Booking;

/// <summary>
/// What a hold is for, so the booking policy can rank holds: <c>offer</c> (offered to a lead who has not chosen it),
/// <c>named</c> (the time a lead named, free when named) and <c>booked</c> (the claim of a slot booked by the call). A
/// named time or a booking takes over another call's <c>offer</c> hold; nothing takes over the other two while live.
/// Rows written before this change were offers.
/// </summary>
internal sealed class M0210_SlotHoldKinds : PortableMigration
{
    public override int Version => 210;

    public override string Name => "slot hold kinds (offer, named, booked)";

    protected override string Schema => """
        ALTER TABLE slot_holds ADD COLUMN kind {text} NOT NULL DEFAULT 'offer'
        """;
}
