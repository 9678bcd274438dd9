using System.Text.Json;
using AiScheduler.Domain.Scheduling;
using AiScheduler.Functions.Providers.Calendar;

namespace AiScheduler.Functions.Meetings.Booking;

/// <summary>
/// The busy time of an external calendar (Google) that offers must avoid besides our own meetings and holds. Offers read
/// it through a short cache, because a call asks for slots on many turns and each freeBusy query costs a round trip and
/// quota; confirming a booking reads it fresh. An outage while offering is not fatal: offers fall back to the built-in
/// view (our meetings and holds) with a warning, and the fresh read at booking still guards the chosen slot.
/// </summary>
public sealed class ExternalCalendarBusy(ICalendarProvider calendar, TimeSpan freshFor, TimeProvider clock, ILogger<ExternalCalendarBusy> logger)
{
    private readonly Dictionary<(DateTimeOffset From, DateTimeOffset To), Entry> cache = [];
    private readonly SemaphoreSlim fetching = new(1, 1);

    /// <summary>Busy intervals for offering slots, at most <c>freshFor</c> old; empty (logged) when the calendar fails.</summary>
    public async Task<IReadOnlyList<BusyInterval>> ForOffersAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var key = (fromUtc, toUtc);
        if (Cached(key) is { } hit)
        {
            return hit;
        }

        // One query at a time: many calls on a cold cache would otherwise each ask Google for the same range.
        await fetching.WaitAsync(cancellationToken);
        try
        {
            if (Cached(key) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            try
            {
                return Store(key, await calendar.GetBusyAsync(fromUtc, toUtc, cancellationToken));
            }
            catch (Exception ex) when (ex is CalendarProviderException or JsonException or FormatException)
            {
                // A garbled answer (JsonException, FormatException) is an outage too: the call goes on without it.
                var failure = ex as CalendarProviderException;
                Log.ExternalBusyUnavailable(logger, calendar.Provider, failure?.StatusCode ?? 0, failure?.Reason ?? ex.GetType().Name, freshFor, ex);

                // Remember the outage for the cache period too, so every turn of every call does not wait out the
                // provider's retries; the booking re-check still asks again.
                return Store(key, []);
            }
        }
        finally
        {
            fetching.Release();
        }
    }

    /// <summary>
    /// Busy intervals read now (for confirming a booking), also refreshing what offers see. Null when the calendar fails:
    /// the caller then decides on the built-in view alone.
    /// </summary>
    public async Task<IReadOnlyList<BusyInterval>?> FreshAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        try
        {
            return Store((fromUtc, toUtc), await calendar.GetBusyAsync(fromUtc, toUtc, cancellationToken));
        }
        catch (Exception ex) when (ex is CalendarProviderException or JsonException or FormatException)
        {
            var failure = ex as CalendarProviderException;
            Log.ExternalBusyUncheckedAtBooking(logger, calendar.Provider, failure?.StatusCode ?? 0, failure?.Reason ?? ex.GetType().Name, ex);
            return null;
        }
    }

    private IReadOnlyList<BusyInterval>? Cached((DateTimeOffset, DateTimeOffset) key)
    {
        lock (cache)
        {
            return cache.TryGetValue(key, out var entry) && clock.GetUtcNow() - entry.FetchedAt < freshFor ? entry.Busy : null;
        }
    }

    private IReadOnlyList<BusyInterval> Store((DateTimeOffset, DateTimeOffset) key, IReadOnlyList<BusyInterval> busy)
    {
        var now = clock.GetUtcNow();
        lock (cache)
        {
            // Ranges move with the day, so stale ones are dropped rather than left to accumulate.
            foreach (var stale in cache.Where(pair => now - pair.Value.FetchedAt >= freshFor).Select(pair => pair.Key).ToList())
            {
                cache.Remove(stale);
            }

            cache[key] = new Entry(busy, now);
        }

        return busy;
    }

    private sealed record Entry(IReadOnlyList<BusyInterval> Busy, DateTimeOffset FetchedAt);
}
