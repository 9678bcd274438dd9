using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.DoNotCall;

/// <summary>
/// The do-not-call list keeps only what it needs to keep the person from being called again: the entry's number is
/// replaced by <see cref="DoNotCallList.HashOf"/> of it (the list still matches the number, by its hash) and its
/// evidence (what the person said) is dropped; reason, source and date stay.
/// </summary>
internal sealed class DoNotCallErasure(DoNotCallList list) : IPersonalDataEraser
{
    public string Covers => "the do-not-call list (number kept as a hash)";

    public async Task<int> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject.Phone is { } phone && PhoneNumber.TryParse(phone, null, out var number, out _)
            ? await list.HashAsync(subject.WorkspaceId, number, cancellationToken)
            : 0;
    }
}
