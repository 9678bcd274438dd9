using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AiScheduler.Domain.Phones;

/// <summary>A geographic NANP area code: the region and subdivision it serves and the zone most of its callers live in.</summary>
/// <param name="Code">The three-digit numbering plan area code (212).</param>
/// <param name="RegionCode">ISO 3166-1 alpha-2 region ("US", "CA", "JM").</param>
/// <param name="Subdivision">State, province or territory abbreviation ("NY", "QC"), or the region code for Caribbean members.</param>
/// <param name="TimeZone">
/// Primary IANA zone. A few area codes straddle a zone line (western Florida's 850, northern Indiana's 219, Ontario's
/// 807); the zone of the larger population is listed, which is also what a caller would guess.
/// </param>
public sealed record AreaCode(int Code, string RegionCode, string Subdivision, string TimeZone);

/// <summary>
/// The North American Numbering Plan (+1): geographic area codes in service in the United States, Canada and the
/// Caribbean member states, as published by NANPA and the CNAC, and the rules every +1 number follows
/// (NXX-NXX-XXXX: neither the area code nor the exchange starts with 0 or 1).
/// </summary>
public static class NorthAmericanNumberingPlan
{
    // Rows: region, subdivision, zone, area codes. One row per state/province (split where a state spans zones).
    private static readonly (string Region, string Subdivision, string Zone, string Codes)[] Rows =
    [
        ("US", "AL", "America/Chicago", "205 251 256 334 659 938"),
        ("US", "AK", "America/Anchorage", "907"),
        ("US", "AZ", "America/Phoenix", "480 520 602 623 928"),
        ("US", "AR", "America/Chicago", "327 479 501 870"),
        ("US", "CA", "America/Los_Angeles", "209 213 279 310 323 341 350 357 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 837 840 858 909 916 925 949 951"),
        ("US", "CO", "America/Denver", "303 719 720 970 983"),
        ("US", "CT", "America/New_York", "203 475 860 959"),
        ("US", "DE", "America/New_York", "302"),
        ("US", "DC", "America/New_York", "202 771"),
        ("US", "FL", "America/New_York", "239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954"),
        ("US", "GA", "America/New_York", "229 404 470 478 678 706 762 770 912 943"),
        ("US", "HI", "Pacific/Honolulu", "808"),
        ("US", "ID", "America/Boise", "208 986"),
        ("US", "IL", "America/Chicago", "217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872"),
        ("US", "IN", "America/Indiana/Indianapolis", "260 317 463 574 765 812 930"),
        ("US", "IN", "America/Chicago", "219"),
        ("US", "IA", "America/Chicago", "319 515 563 641 712"),
        ("US", "KS", "America/Chicago", "316 620 785 913"),
        ("US", "KY", "America/New_York", "502 606 859"),
        ("US", "KY", "America/Chicago", "270 364"),
        ("US", "LA", "America/Chicago", "225 318 337 504 985"),
        ("US", "ME", "America/New_York", "207"),
        ("US", "MD", "America/New_York", "227 240 301 410 443 667"),
        ("US", "MA", "America/New_York", "339 351 413 508 617 774 781 857 978"),
        ("US", "MI", "America/Detroit", "231 248 269 313 517 586 616 679 734 810 906 947 989"),
        ("US", "MN", "America/Chicago", "218 320 507 612 651 763 952"),
        ("US", "MS", "America/Chicago", "228 601 662 769"),
        ("US", "MO", "America/Chicago", "235 314 417 557 573 636 660 816 975"),
        ("US", "MT", "America/Denver", "406"),
        ("US", "NE", "America/Chicago", "308 402 531"),
        ("US", "NV", "America/Los_Angeles", "702 725 775"),
        ("US", "NH", "America/New_York", "603"),
        ("US", "NJ", "America/New_York", "201 551 609 640 732 848 856 862 908 973"),
        ("US", "NM", "America/Denver", "505 575"),
        ("US", "NY", "America/New_York", "212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934"),
        ("US", "NC", "America/New_York", "252 336 472 704 743 828 910 919 980 984"),
        ("US", "ND", "America/Chicago", "701"),
        ("US", "OH", "America/New_York", "216 220 234 283 326 330 380 419 436 440 513 567 614 740 937"),
        ("US", "OK", "America/Chicago", "405 539 572 580 918"),
        ("US", "OR", "America/Los_Angeles", "458 503 541 971"),
        ("US", "PA", "America/New_York", "215 223 267 272 412 445 484 570 582 610 717 724 814 835 878"),
        ("US", "RI", "America/New_York", "401"),
        ("US", "SC", "America/New_York", "803 821 839 843 854 864"),
        ("US", "SD", "America/Chicago", "605"),
        ("US", "TN", "America/Chicago", "615 629 731 901 931"),
        ("US", "TN", "America/New_York", "423 865"),
        ("US", "TX", "America/Chicago", "210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979"),
        ("US", "TX", "America/Denver", "915"),
        ("US", "UT", "America/Denver", "385 435 801"),
        ("US", "VT", "America/New_York", "802"),
        ("US", "VA", "America/New_York", "276 434 540 571 686 703 757 804 826 948"),
        ("US", "WA", "America/Los_Angeles", "206 253 360 425 509 564"),
        ("US", "WV", "America/New_York", "304 681"),
        ("US", "WI", "America/Chicago", "262 274 353 414 534 608 715 920"),
        ("US", "WY", "America/Denver", "307"),

        ("CA", "BC", "America/Vancouver", "236 250 257 604 672 778"),
        ("CA", "AB", "America/Edmonton", "368 403 587 780 825"),
        ("CA", "SK", "America/Regina", "306 474 639"),
        ("CA", "MB", "America/Winnipeg", "204 431 584"),
        ("CA", "ON", "America/Toronto", "226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 942"),
        ("CA", "QC", "America/Toronto", "263 354 367 418 438 450 468 514 579 581 819 873"),
        ("CA", "NB", "America/Moncton", "428 506"),
        ("CA", "NS", "America/Halifax", "782 902"),
        ("CA", "NL", "America/St_Johns", "709 879"),
        ("CA", "NT", "America/Edmonton", "867"),

        ("AG", "AG", "America/Antigua", "268"),
        ("AI", "AI", "America/Anguilla", "264"),
        ("AS", "AS", "Pacific/Pago_Pago", "684"),
        ("BB", "BB", "America/Barbados", "246"),
        ("BM", "BM", "Atlantic/Bermuda", "441"),
        ("BS", "BS", "America/Nassau", "242"),
        ("DM", "DM", "America/Dominica", "767"),
        ("DO", "DO", "America/Santo_Domingo", "809 829 849"),
        ("GD", "GD", "America/Grenada", "473"),
        ("GU", "GU", "Pacific/Guam", "671"),
        ("JM", "JM", "America/Jamaica", "658 876"),
        ("KN", "KN", "America/St_Kitts", "869"),
        ("KY", "KY", "America/Cayman", "345"),
        ("LC", "LC", "America/St_Lucia", "758"),
        ("MP", "MP", "Pacific/Saipan", "670"),
        ("MS", "MS", "America/Montserrat", "664"),
        ("PR", "PR", "America/Puerto_Rico", "787 939"),
        ("SX", "SX", "America/Lower_Princes", "721"),
        ("TC", "TC", "America/Grand_Turk", "649"),
        ("TT", "TT", "America/Port_of_Spain", "868"),
        ("VC", "VC", "America/St_Vincent", "784"),
        ("VG", "VG", "America/Tortola", "284"),
        ("VI", "VI", "America/St_Thomas", "340"),
    ];

    /// <summary>Quebec's area codes, where a +1 number most likely belongs to a French speaker.</summary>
    public static IReadOnlySet<int> QuebecAreaCodes { get; } =
        FrozenSet.Create(263, 354, 367, 418, 438, 450, 468, 514, 579, 581, 819, 873);

    /// <summary>Toll-free and other non-geographic service codes: valid numbers, but they say nothing about place.</summary>
    public static IReadOnlySet<int> NonGeographicAreaCodes { get; } =
        FrozenSet.Create(500, 521, 522, 523, 524, 525, 526, 527, 528, 529, 533, 544, 566, 577, 588, 600, 622, 700, 710, 800, 833, 844, 855, 866, 877, 888, 900);

    private static readonly FrozenDictionary<int, AreaCode> ByCode = Rows
        .SelectMany(r => r.Codes.Split(' ').Select(c => new AreaCode(int.Parse(c, CultureInfo.InvariantCulture), r.Region, r.Subdivision, r.Zone)))
        .ToFrozenDictionary(a => a.Code);

    /// <summary>Every geographic area code in the table, ascending.</summary>
    public static IReadOnlyList<AreaCode> AreaCodes { get; } = [.. ByCode.Values.OrderBy(a => a.Code)];

    public static bool TryFind(int areaCode, [NotNullWhen(true)] out AreaCode? found) => ByCode.TryGetValue(areaCode, out found);

    /// <summary>The area code of a ten-digit NANP national number.</summary>
    public static int AreaCodeOf(string nationalNumber) =>
        int.Parse(nationalNumber.AsSpan(0, 3), CultureInfo.InvariantCulture);

    /// <summary>Checks the NXX-NXX-XXXX shape; returns a reason a user can act on, or null when the number fits.</summary>
    public static string? Validate(string nationalNumber)
    {
        if (nationalNumber.Length != 10)
        {
            return null; // length is reported by the caller with the country's bounds
        }

        if (nationalNumber[0] is '0' or '1')
        {
            return string.Create(CultureInfo.InvariantCulture, $"area code {nationalNumber[..3]} cannot start with {nationalNumber[0]} in +1 (North America)");
        }

        if (nationalNumber[1] == '1' && nationalNumber[2] == '1')
        {
            return string.Create(CultureInfo.InvariantCulture, $"{nationalNumber[..3]} is a service code (like 911), not an area code");
        }

        if (nationalNumber[3] is '0' or '1')
        {
            return string.Create(CultureInfo.InvariantCulture, $"exchange {nationalNumber[3..6]} cannot start with {nationalNumber[3]} in +1 (North America)");
        }

        return null;
    }

    /// <summary>The region of a +1 number: its area code's region, or the US for non-geographic and unlisted codes.</summary>
    public static string RegionOf(string nationalNumber) =>
        ByCode.TryGetValue(AreaCodeOf(nationalNumber), out var areaCode) ? areaCode.RegionCode : "US";
}
