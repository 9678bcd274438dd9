using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace AiScheduler.Domain.Phones;

/// <summary>
/// The ITU-T E.164 assignment of country calling codes (List of ITU-T Recommendation E.164 assigned country codes),
/// with the territories behind each code, their default language and, where the territory keeps one clock, its zone.
/// Codes are prefix-free, so a number's code is found by trying one, two and three leading digits.
/// </summary>
public static class CountryCallingCodes
{
    private const string N = Territory.NonGeographic;

    // Order matters: for a shared code the first row is the principal territory.
    private static readonly Territory[] Rows =
    [
        // Zone 1: North American Numbering Plan. Regions inside +1 are resolved by area code (NorthAmericanNumberingPlan).
        new("US", "United States", 1, null, "en-US"),
        new("CA", "Canada", 1, null, "en-CA"),
        new("AG", "Antigua and Barbuda", 1, "America/Antigua", "en-AG"),
        new("AI", "Anguilla", 1, "America/Anguilla", "en-AI"),
        new("AS", "American Samoa", 1, "Pacific/Pago_Pago", "en-AS"),
        new("BB", "Barbados", 1, "America/Barbados", "en-BB"),
        new("BM", "Bermuda", 1, "Atlantic/Bermuda", "en-BM"),
        new("BS", "Bahamas", 1, "America/Nassau", "en-BS"),
        new("DM", "Dominica", 1, "America/Dominica", "en-DM"),
        new("DO", "Dominican Republic", 1, "America/Santo_Domingo", "es-DO"),
        new("GD", "Grenada", 1, "America/Grenada", "en-GD"),
        new("GU", "Guam", 1, "Pacific/Guam", "en-GU"),
        new("JM", "Jamaica", 1, "America/Jamaica", "en-JM"),
        new("KN", "Saint Kitts and Nevis", 1, "America/St_Kitts", "en-KN"),
        new("KY", "Cayman Islands", 1, "America/Cayman", "en-KY"),
        new("LC", "Saint Lucia", 1, "America/St_Lucia", "en-LC"),
        new("MP", "Northern Mariana Islands", 1, "Pacific/Saipan", "en-MP"),
        new("MS", "Montserrat", 1, "America/Montserrat", "en-MS"),
        new("PR", "Puerto Rico", 1, "America/Puerto_Rico", "es-PR"),
        new("SX", "Sint Maarten", 1, "America/Lower_Princes", "en-SX"),
        new("TC", "Turks and Caicos Islands", 1, "America/Grand_Turk", "en-TC"),
        new("TT", "Trinidad and Tobago", 1, "America/Port_of_Spain", "en-TT"),
        new("VC", "Saint Vincent and the Grenadines", 1, "America/St_Vincent", "en-VC"),
        new("VG", "British Virgin Islands", 1, "America/Tortola", "en-VG"),
        new("VI", "U.S. Virgin Islands", 1, "America/St_Thomas", "en-VI"),

        // Zone 2: mostly Africa.
        new("EG", "Egypt", 20, "Africa/Cairo", "ar-EG"),
        new("SS", "South Sudan", 211, "Africa/Juba", "en-SS"),
        new("MA", "Morocco", 212, "Africa/Casablanca", "ar-MA"),
        new("EH", "Western Sahara", 212, "Africa/El_Aaiun", "ar-EH"),
        new("DZ", "Algeria", 213, "Africa/Algiers", "ar-DZ"),
        new("TN", "Tunisia", 216, "Africa/Tunis", "ar-TN"),
        new("LY", "Libya", 218, "Africa/Tripoli", "ar-LY"),
        new("GM", "Gambia", 220, "Africa/Banjul", "en-GM"),
        new("SN", "Senegal", 221, "Africa/Dakar", "fr-SN"),
        new("MR", "Mauritania", 222, "Africa/Nouakchott", "ar-MR"),
        new("ML", "Mali", 223, "Africa/Bamako", "fr-ML"),
        new("GN", "Guinea", 224, "Africa/Conakry", "fr-GN"),
        new("CI", "Côte d'Ivoire", 225, "Africa/Abidjan", "fr-CI"),
        new("BF", "Burkina Faso", 226, "Africa/Ouagadougou", "fr-BF"),
        new("NE", "Niger", 227, "Africa/Niamey", "fr-NE"),
        new("TG", "Togo", 228, "Africa/Lome", "fr-TG"),
        new("BJ", "Benin", 229, "Africa/Porto-Novo", "fr-BJ"),
        new("MU", "Mauritius", 230, "Indian/Mauritius", "en-MU"),
        new("LR", "Liberia", 231, "Africa/Monrovia", "en-LR"),
        new("SL", "Sierra Leone", 232, "Africa/Freetown", "en-SL"),
        new("GH", "Ghana", 233, "Africa/Accra", "en-GH"),
        new("NG", "Nigeria", 234, "Africa/Lagos", "en-NG"),
        new("TD", "Chad", 235, "Africa/Ndjamena", "fr-TD"),
        new("CF", "Central African Republic", 236, "Africa/Bangui", "fr-CF"),
        new("CM", "Cameroon", 237, "Africa/Douala", "fr-CM"),
        new("CV", "Cape Verde", 238, "Atlantic/Cape_Verde", "pt-CV"),
        new("ST", "São Tomé and Príncipe", 239, "Africa/Sao_Tome", "pt-ST"),
        new("GQ", "Equatorial Guinea", 240, "Africa/Malabo", "es-GQ"),
        new("GA", "Gabon", 241, "Africa/Libreville", "fr-GA"),
        new("CG", "Republic of the Congo", 242, "Africa/Brazzaville", "fr-CG"),
        new("CD", "Democratic Republic of the Congo", 243, null, "fr-CD"),
        new("AO", "Angola", 244, "Africa/Luanda", "pt-AO"),
        new("GW", "Guinea-Bissau", 245, "Africa/Bissau", "pt-GW"),
        new("IO", "British Indian Ocean Territory", 246, "Indian/Chagos", "en-IO"),
        new("AC", "Ascension Island", 247, "Atlantic/St_Helena", "en-AC"),
        new("SC", "Seychelles", 248, "Indian/Mahe", "en-SC"),
        new("SD", "Sudan", 249, "Africa/Khartoum", "ar-SD"),
        new("RW", "Rwanda", 250, "Africa/Kigali", "rw-RW"),
        new("ET", "Ethiopia", 251, "Africa/Addis_Ababa", "am-ET"),
        new("SO", "Somalia", 252, "Africa/Mogadishu", "so-SO"),
        new("DJ", "Djibouti", 253, "Africa/Djibouti", "fr-DJ"),
        new("KE", "Kenya", 254, "Africa/Nairobi", "en-KE"),
        new("TZ", "Tanzania", 255, "Africa/Dar_es_Salaam", "sw-TZ"),
        new("UG", "Uganda", 256, "Africa/Kampala", "en-UG"),
        new("BI", "Burundi", 257, "Africa/Bujumbura", "fr-BI"),
        new("MZ", "Mozambique", 258, "Africa/Maputo", "pt-MZ"),
        new("ZM", "Zambia", 260, "Africa/Lusaka", "en-ZM"),
        new("MG", "Madagascar", 261, "Indian/Antananarivo", "mg-MG"),
        new("RE", "Réunion", 262, "Indian/Reunion", "fr-RE"),
        new("YT", "Mayotte", 262, "Indian/Mayotte", "fr-YT"),
        new("ZW", "Zimbabwe", 263, "Africa/Harare", "en-ZW"),
        new("NA", "Namibia", 264, "Africa/Windhoek", "en-NA"),
        new("MW", "Malawi", 265, "Africa/Blantyre", "en-MW"),
        new("LS", "Lesotho", 266, "Africa/Maseru", "en-LS"),
        new("BW", "Botswana", 267, "Africa/Gaborone", "en-BW"),
        new("SZ", "Eswatini", 268, "Africa/Mbabane", "en-SZ"),
        new("KM", "Comoros", 269, "Indian/Comoro", "ar-KM"),
        new("ZA", "South Africa", 27, "Africa/Johannesburg", "en-ZA"),
        new("SH", "Saint Helena", 290, "Atlantic/St_Helena", "en-SH"),
        new("TA", "Tristan da Cunha", 290, "Atlantic/St_Helena", "en-TA"),
        new("ER", "Eritrea", 291, "Africa/Asmara", "ti-ER"),
        new("AW", "Aruba", 297, "America/Aruba", "nl-AW"),
        new("FO", "Faroe Islands", 298, "Atlantic/Faroe", "fo-FO"),
        new("GL", "Greenland", 299, null, "kl-GL"),

        // Zones 3 and 4: Europe.
        new("GR", "Greece", 30, "Europe/Athens", "el-GR"),
        new("NL", "Netherlands", 31, "Europe/Amsterdam", "nl-NL"),
        new("BE", "Belgium", 32, "Europe/Brussels", "fr-BE"),
        new("FR", "France", 33, "Europe/Paris", "fr-FR"),
        new("ES", "Spain", 34, "Europe/Madrid", "es-ES"),
        new("GI", "Gibraltar", 350, "Europe/Gibraltar", "en-GI"),
        new("PT", "Portugal", 351, "Europe/Lisbon", "pt-PT"),
        new("LU", "Luxembourg", 352, "Europe/Luxembourg", "fr-LU"),
        new("IE", "Ireland", 353, "Europe/Dublin", "en-IE"),
        new("IS", "Iceland", 354, "Atlantic/Reykjavik", "is-IS"),
        new("AL", "Albania", 355, "Europe/Tirane", "sq-AL"),
        new("MT", "Malta", 356, "Europe/Malta", "mt-MT"),
        new("CY", "Cyprus", 357, "Asia/Nicosia", "el-CY"),
        new("FI", "Finland", 358, "Europe/Helsinki", "fi-FI"),
        new("AX", "Åland Islands", 358, "Europe/Mariehamn", "sv-AX"),
        new("BG", "Bulgaria", 359, "Europe/Sofia", "bg-BG"),
        new("HU", "Hungary", 36, "Europe/Budapest", "hu-HU"),
        new("LT", "Lithuania", 370, "Europe/Vilnius", "lt-LT"),
        new("LV", "Latvia", 371, "Europe/Riga", "lv-LV"),
        new("EE", "Estonia", 372, "Europe/Tallinn", "et-EE"),
        new("MD", "Moldova", 373, "Europe/Chisinau", "ro-MD"),
        new("AM", "Armenia", 374, "Asia/Yerevan", "hy-AM"),
        new("BY", "Belarus", 375, "Europe/Minsk", "ru-BY"),
        new("AD", "Andorra", 376, "Europe/Andorra", "ca-AD"),
        new("MC", "Monaco", 377, "Europe/Monaco", "fr-MC"),
        new("SM", "San Marino", 378, "Europe/San_Marino", "it-SM"),
        new("VA", "Vatican City", 379, "Europe/Vatican", "it-VA"),
        new("UA", "Ukraine", 380, "Europe/Kyiv", "uk-UA"),
        new("RS", "Serbia", 381, "Europe/Belgrade", "sr-RS"),
        new("ME", "Montenegro", 382, "Europe/Podgorica", "sr-ME"),
        new("XK", "Kosovo", 383, "Europe/Belgrade", "sq-XK"),
        new("HR", "Croatia", 385, "Europe/Zagreb", "hr-HR"),
        new("SI", "Slovenia", 386, "Europe/Ljubljana", "sl-SI"),
        new("BA", "Bosnia and Herzegovina", 387, "Europe/Sarajevo", "bs-BA"),
        new("MK", "North Macedonia", 389, "Europe/Skopje", "mk-MK"),
        new("IT", "Italy", 39, "Europe/Rome", "it-IT"),
        new("RO", "Romania", 40, "Europe/Bucharest", "ro-RO"),
        new("CH", "Switzerland", 41, "Europe/Zurich", "de-CH"),
        new("CZ", "Czech Republic", 420, "Europe/Prague", "cs-CZ"),
        new("SK", "Slovakia", 421, "Europe/Bratislava", "sk-SK"),
        new("LI", "Liechtenstein", 423, "Europe/Vaduz", "de-LI"),
        new("AT", "Austria", 43, "Europe/Vienna", "de-AT"),
        new("GB", "United Kingdom", 44, "Europe/London", "en-GB"),
        new("GG", "Guernsey", 44, "Europe/Guernsey", "en-GG"),
        new("IM", "Isle of Man", 44, "Europe/Isle_of_Man", "en-IM"),
        new("JE", "Jersey", 44, "Europe/Jersey", "en-JE"),
        new("DK", "Denmark", 45, "Europe/Copenhagen", "da-DK"),
        new("SE", "Sweden", 46, "Europe/Stockholm", "sv-SE"),
        new("NO", "Norway", 47, "Europe/Oslo", "nb-NO"),
        new("SJ", "Svalbard and Jan Mayen", 47, "Arctic/Longyearbyen", "nb-SJ"),
        new("PL", "Poland", 48, "Europe/Warsaw", "pl-PL"),
        new("DE", "Germany", 49, "Europe/Berlin", "de-DE"),

        // Zone 5: Central and South America.
        new("FK", "Falkland Islands", 500, "Atlantic/Stanley", "en-FK"),
        new("BZ", "Belize", 501, "America/Belize", "en-BZ"),
        new("GT", "Guatemala", 502, "America/Guatemala", "es-GT"),
        new("SV", "El Salvador", 503, "America/El_Salvador", "es-SV"),
        new("HN", "Honduras", 504, "America/Tegucigalpa", "es-HN"),
        new("NI", "Nicaragua", 505, "America/Managua", "es-NI"),
        new("CR", "Costa Rica", 506, "America/Costa_Rica", "es-CR"),
        new("PA", "Panama", 507, "America/Panama", "es-PA"),
        new("PM", "Saint Pierre and Miquelon", 508, "America/Miquelon", "fr-PM"),
        new("HT", "Haiti", 509, "America/Port-au-Prince", "fr-HT"),
        new("PE", "Peru", 51, "America/Lima", "es-PE"),
        new("MX", "Mexico", 52, null, "es-MX"),
        new("CU", "Cuba", 53, "America/Havana", "es-CU"),
        new("AR", "Argentina", 54, "America/Argentina/Buenos_Aires", "es-AR"),
        new("BR", "Brazil", 55, null, "pt-BR"),
        new("CL", "Chile", 56, "America/Santiago", "es-CL"),
        new("CO", "Colombia", 57, "America/Bogota", "es-CO"),
        new("VE", "Venezuela", 58, "America/Caracas", "es-VE"),
        new("GP", "Guadeloupe", 590, "America/Guadeloupe", "fr-GP"),
        new("BL", "Saint Barthélemy", 590, "America/St_Barthelemy", "fr-BL"),
        new("MF", "Saint Martin", 590, "America/Marigot", "fr-MF"),
        new("BO", "Bolivia", 591, "America/La_Paz", "es-BO"),
        new("GY", "Guyana", 592, "America/Guyana", "en-GY"),
        new("EC", "Ecuador", 593, "America/Guayaquil", "es-EC"),
        new("GF", "French Guiana", 594, "America/Cayenne", "fr-GF"),
        new("PY", "Paraguay", 595, "America/Asuncion", "es-PY"),
        new("MQ", "Martinique", 596, "America/Martinique", "fr-MQ"),
        new("SR", "Suriname", 597, "America/Paramaribo", "nl-SR"),
        new("UY", "Uruguay", 598, "America/Montevideo", "es-UY"),
        new("CW", "Curaçao", 599, "America/Curacao", "nl-CW"),
        new("BQ", "Caribbean Netherlands", 599, "America/Kralendijk", "nl-BQ"),

        // Zone 6: South-east Asia and Oceania.
        new("MY", "Malaysia", 60, "Asia/Kuala_Lumpur", "ms-MY"),
        new("AU", "Australia", 61, null, "en-AU"),
        new("CX", "Christmas Island", 61, "Indian/Christmas", "en-CX"),
        new("CC", "Cocos (Keeling) Islands", 61, "Indian/Cocos", "en-CC"),
        new("ID", "Indonesia", 62, null, "id-ID"),
        new("PH", "Philippines", 63, "Asia/Manila", "en-PH"),
        new("NZ", "New Zealand", 64, "Pacific/Auckland", "en-NZ"),
        new("SG", "Singapore", 65, "Asia/Singapore", "en-SG"),
        new("TH", "Thailand", 66, "Asia/Bangkok", "th-TH"),
        new("TL", "Timor-Leste", 670, "Asia/Dili", "pt-TL"),
        new("NF", "Norfolk Island", 672, "Pacific/Norfolk", "en-NF"),
        new("AQ", "Antarctica", 672, null, "en"),
        new("BN", "Brunei", 673, "Asia/Brunei", "ms-BN"),
        new("NR", "Nauru", 674, "Pacific/Nauru", "en-NR"),
        new("PG", "Papua New Guinea", 675, "Pacific/Port_Moresby", "en-PG"),
        new("TO", "Tonga", 676, "Pacific/Tongatapu", "to-TO"),
        new("SB", "Solomon Islands", 677, "Pacific/Guadalcanal", "en-SB"),
        new("VU", "Vanuatu", 678, "Pacific/Efate", "bi-VU"),
        new("FJ", "Fiji", 679, "Pacific/Fiji", "en-FJ"),
        new("PW", "Palau", 680, "Pacific/Palau", "en-PW"),
        new("WF", "Wallis and Futuna", 681, "Pacific/Wallis", "fr-WF"),
        new("CK", "Cook Islands", 682, "Pacific/Rarotonga", "en-CK"),
        new("NU", "Niue", 683, "Pacific/Niue", "en-NU"),
        new("WS", "Samoa", 685, "Pacific/Apia", "sm-WS"),
        new("KI", "Kiribati", 686, null, "en-KI"),
        new("NC", "New Caledonia", 687, "Pacific/Noumea", "fr-NC"),
        new("TV", "Tuvalu", 688, "Pacific/Funafuti", "en-TV"),
        new("PF", "French Polynesia", 689, "Pacific/Tahiti", "fr-PF"),
        new("TK", "Tokelau", 690, "Pacific/Fakaofo", "en-TK"),
        new("FM", "Micronesia", 691, null, "en-FM"),
        new("MH", "Marshall Islands", 692, "Pacific/Majuro", "en-MH"),

        // Zone 7: Russia and Kazakhstan (Kazakhstan numbers start with 6 or 7 after the code).
        new("RU", "Russia", 7, null, "ru-RU"),
        new("KZ", "Kazakhstan", 7, "Asia/Almaty", "kk-KZ"),

        // Zone 8: East Asia and international services.
        new(N, "International Freephone Service", 800, null, null),
        new(N, "International Shared Cost Service", 808, null, null),
        new("JP", "Japan", 81, "Asia/Tokyo", "ja-JP"),
        new("KR", "South Korea", 82, "Asia/Seoul", "ko-KR"),
        new("VN", "Vietnam", 84, "Asia/Ho_Chi_Minh", "vi-VN"),
        new("KP", "North Korea", 850, "Asia/Pyongyang", "ko-KP"),
        new("HK", "Hong Kong", 852, "Asia/Hong_Kong", "zh-HK"),
        new("MO", "Macau", 853, "Asia/Macau", "zh-MO"),
        new("KH", "Cambodia", 855, "Asia/Phnom_Penh", "km-KH"),
        new("LA", "Laos", 856, "Asia/Vientiane", "lo-LA"),
        new("CN", "China", 86, "Asia/Shanghai", "zh-CN"),
        new(N, "Inmarsat", 870, null, null),
        new("BD", "Bangladesh", 880, "Asia/Dhaka", "bn-BD"),
        new(N, "Global Mobile Satellite System", 881, null, null),
        new(N, "International Networks", 882, null, null),
        new(N, "International Networks", 883, null, null),
        new("TW", "Taiwan", 886, "Asia/Taipei", "zh-TW"),
        new(N, "Telecommunications for Disaster Relief (OCHA)", 888, null, null),

        // Zone 9: West, Central and South Asia.
        new("TR", "Turkey", 90, "Europe/Istanbul", "tr-TR"),
        new("IN", "India", 91, "Asia/Kolkata", "hi-IN"),
        new("PK", "Pakistan", 92, "Asia/Karachi", "ur-PK"),
        new("AF", "Afghanistan", 93, "Asia/Kabul", "ps-AF"),
        new("LK", "Sri Lanka", 94, "Asia/Colombo", "si-LK"),
        new("MM", "Myanmar", 95, "Asia/Yangon", "my-MM"),
        new("MV", "Maldives", 960, "Indian/Maldives", "dv-MV"),
        new("LB", "Lebanon", 961, "Asia/Beirut", "ar-LB"),
        new("JO", "Jordan", 962, "Asia/Amman", "ar-JO"),
        new("SY", "Syria", 963, "Asia/Damascus", "ar-SY"),
        new("IQ", "Iraq", 964, "Asia/Baghdad", "ar-IQ"),
        new("KW", "Kuwait", 965, "Asia/Kuwait", "ar-KW"),
        new("SA", "Saudi Arabia", 966, "Asia/Riyadh", "ar-SA"),
        new("YE", "Yemen", 967, "Asia/Aden", "ar-YE"),
        new("OM", "Oman", 968, "Asia/Muscat", "ar-OM"),
        new("PS", "Palestine", 970, "Asia/Hebron", "ar-PS"),
        new("AE", "United Arab Emirates", 971, "Asia/Dubai", "ar-AE"),
        new("IL", "Israel", 972, "Asia/Jerusalem", "he-IL"),
        new("BH", "Bahrain", 973, "Asia/Bahrain", "ar-BH"),
        new("QA", "Qatar", 974, "Asia/Qatar", "ar-QA"),
        new("BT", "Bhutan", 975, "Asia/Thimphu", "dz-BT"),
        new("MN", "Mongolia", 976, null, "mn-MN"),
        new("NP", "Nepal", 977, "Asia/Kathmandu", "ne-NP"),
        new(N, "International Premium Rate Service", 979, null, null),
        new("IR", "Iran", 98, "Asia/Tehran", "fa-IR"),
        new("TJ", "Tajikistan", 992, "Asia/Dushanbe", "tg-TJ"),
        new("TM", "Turkmenistan", 993, "Asia/Ashgabat", "tk-TM"),
        new("AZ", "Azerbaijan", 994, "Asia/Baku", "az-AZ"),
        new("GE", "Georgia", 995, "Asia/Tbilisi", "ka-GE"),
        new("KG", "Kyrgyzstan", 996, "Asia/Bishkek", "ky-KG"),
        new("UZ", "Uzbekistan", 998, "Asia/Tashkent", "uz-UZ"),
    ];

    // National significant number lengths and trunk prefixes for the countries this product calls most; every other
    // code uses NumberingPlan.Generic. Lengths follow the national numbering plans (e.g. Ofcom for GB, ARCEP for FR).
    private static readonly Dictionary<int, NumberingPlan> Plans = new()
    {
        [1] = new(10, 10, "1"),
        [7] = new(10, 10, "8"),
        [20] = new(8, 10, "0"),
        [27] = new(9, 9, "0"),
        [30] = new(10, 10, ""),
        [31] = new(9, 9, "0"),
        [32] = new(8, 9, "0"),
        [33] = new(9, 9, "0"),
        [34] = new(9, 9, ""),
        [36] = new(8, 9, "06"),
        [39] = new(6, 11, ""),
        [40] = new(9, 9, "0"),
        [41] = new(9, 9, "0"),
        [43] = new(4, 13, "0"),
        [44] = new(7, 10, "0"),
        [45] = new(8, 8, ""),
        [46] = new(7, 13, "0"),
        [47] = new(5, 8, ""),
        [48] = new(9, 9, ""),
        [49] = new(5, 13, "0"),
        [51] = new(8, 9, "0"),
        [52] = new(10, 10, ""),
        [54] = new(10, 11, "0"),
        [55] = new(10, 11, "0"),
        [56] = new(9, 9, ""),
        [57] = new(8, 10, ""),
        [58] = new(10, 10, "0"),
        [60] = new(8, 10, "0"),
        [61] = new(9, 10, "0"),
        [62] = new(8, 12, "0"),
        [63] = new(8, 10, "0"),
        [64] = new(8, 10, "0"),
        [65] = new(8, 8, ""),
        [66] = new(8, 9, "0"),
        [81] = new(9, 10, "0"),
        [82] = new(8, 10, "0"),
        [84] = new(9, 10, "0"),
        [86] = new(8, 12, "0"),
        [90] = new(10, 10, "0"),
        [91] = new(10, 10, "0"),
        [92] = new(9, 10, "0"),
        [351] = new(9, 9, ""),
        [352] = new(4, 11, ""),
        [353] = new(7, 10, "0"),
        [354] = new(7, 9, ""),
        [356] = new(8, 8, ""),
        [357] = new(8, 8, ""),
        [358] = new(5, 12, "0"),
        [359] = new(7, 9, "0"),
        [370] = new(8, 8, "8"),
        [371] = new(8, 8, ""),
        [372] = new(7, 8, ""),
        [380] = new(9, 9, "0"),
        [385] = new(8, 9, "0"),
        [386] = new(8, 8, "0"),
        [420] = new(9, 9, ""),
        [421] = new(9, 9, "0"),
        [852] = new(8, 8, ""),
        [853] = new(8, 8, ""),
        [225] = new(10, 10, ""), // Côte d'Ivoire moved to ten digits in 2021; the leading 0 is part of the number
        [966] = new(8, 9, "0"),
        [971] = new(8, 9, "0"),
        [972] = new(8, 10, "0"),
        [974] = new(8, 8, ""),
        [965] = new(8, 8, ""),
        [973] = new(8, 8, ""),
        [968] = new(8, 8, ""),
    };

    // Territories that share a code with a principal one, told apart by the leading digits of the national number.
    private static readonly (int Code, string Prefix, string Region)[] SharedCodePrefixes =
    [
        (7, "6", "KZ"), (7, "7", "KZ"),
        (44, "1481", "GG"), (44, "7781", "GG"), (44, "7839", "GG"), (44, "7911", "GG"),
        (44, "1534", "JE"), (44, "7509", "JE"), (44, "77003", "JE"), (44, "77007", "JE"), (44, "77008", "JE"), (44, "7797", "JE"), (44, "7829", "JE"), (44, "7937", "JE"),
        (44, "1624", "IM"), (44, "7524", "IM"), (44, "7624", "IM"), (44, "7924", "IM"),
        (47, "79", "SJ"),
        (358, "18", "AX"),
        (262, "269", "YT"), (262, "639", "YT"),
        (290, "8", "TA"),
        (599, "3", "BQ"), (599, "4", "BQ"), (599, "7", "BQ"),
        (61, "89162", "CC"), (61, "89164", "CX"),
        (590, "59027", "BL"), (590, "59087", "MF"),
        (212, "5288", "EH"), (212, "5289", "EH"),
    ];

    private static readonly FrozenDictionary<int, CountryCallingCode> ByCode = Rows
        .GroupBy(t => t.CallingCode)
        .ToFrozenDictionary(
            g => g.Key,
            g => new CountryCallingCode(g.Key, g.ToArray(), Plans.GetValueOrDefault(g.Key, NumberingPlan.Generic)));

    private static readonly FrozenDictionary<string, Territory> ByRegion = Rows
        .Where(t => t.IsGeographic)
        .ToFrozenDictionary(t => t.RegionCode, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every assigned code, in ascending order.</summary>
    public static IReadOnlyList<CountryCallingCode> All { get; } = [.. ByCode.Values.OrderBy(c => c.Code)];

    /// <summary>Every territory in the table, geographic or not.</summary>
    public static IReadOnlyList<Territory> Territories { get; } = Rows;

    public static bool TryFind(int code, [NotNullWhen(true)] out CountryCallingCode? callingCode) =>
        ByCode.TryGetValue(code, out callingCode);

    /// <summary>Finds a territory by ISO 3166-1 alpha-2 code, case-insensitively.</summary>
    public static bool TryFindRegion(string? regionCode, [NotNullWhen(true)] out Territory? territory)
    {
        territory = null;
        return regionCode is not null && ByRegion.TryGetValue(regionCode.Trim(), out territory);
    }

    /// <summary>
    /// Splits a digit string that starts with a calling code into the code and the rest, using the prefix-free
    /// property of the E.164 assignment.
    /// </summary>
    public static bool TrySplit(string digits, [NotNullWhen(true)] out CountryCallingCode? callingCode, out string nationalNumber)
    {
        for (var length = 1; length <= 3 && length <= digits.Length; length++)
        {
            var code = int.Parse(digits.AsSpan(0, length), System.Globalization.CultureInfo.InvariantCulture);
            if (ByCode.TryGetValue(code, out callingCode))
            {
                nationalNumber = digits[length..];
                return true;
            }
        }

        callingCode = null;
        nationalNumber = digits;
        return false;
    }

    /// <summary>
    /// The territory a number belongs to within a shared code other than +1 (which needs the area-code table):
    /// Kazakhstan within +7, the Crown Dependencies within +44, and so on; otherwise the principal territory.
    /// </summary>
    internal static Territory ResolveTerritory(CountryCallingCode callingCode, string nationalNumber)
    {
        if (callingCode.Territories.Count == 1)
        {
            return callingCode.Principal;
        }

        foreach (var (code, prefix, region) in SharedCodePrefixes)
        {
            if (code == callingCode.Code && nationalNumber.StartsWith(prefix, StringComparison.Ordinal))
            {
                return ByRegion[region];
            }
        }

        return callingCode.Principal;
    }
}
