namespace Kmt.Bench.Loader;

/// <summary>
/// Word lists for the synthetic corpus: a dozen topics with their own nouns and adjectives, plus
/// general English nouns, verbs, adjectives, adverbs and function words. With plurals and verb
/// forms this gives a vocabulary of a few thousand distinct words, enough for full-text search to
/// behave as it does on real notes (frequent and rare terms, shared words across topics).
/// </summary>
internal static class Vocabulary
{
    internal sealed record Topic(string Name, string[] Nouns, string[] Adjectives, string[] Tags);

    private static string[] W(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static readonly Topic[] Topics =
    [
        new("science",
            W("atom electron proton neutron molecule particle quantum field energy momentum wave photon spectrum gravity orbit planet star galaxy nebula telescope experiment hypothesis theory measurement observation laboratory sample reaction catalyst enzyme protein cell membrane nucleus genome gene mutation species evolution organism bacterium virus microscope chromosome isotope radiation magnet circuit voltage current resistance temperature pressure entropy thermodynamics relativity velocity acceleration mass density crystal mineral fossil sediment volcano earthquake tectonics atmosphere climate ocean glacier equation constant variable physicist chemist biologist geologist astronomer"),
            W("empirical quantitative experimental theoretical molecular cellular genetic atomic thermal magnetic electric orbital stellar cosmic chemical organic inorganic radioactive microscopic measurable reproducible"),
            W("science/physics science/chemistry science/biology science/astronomy science/geology")),
        new("history",
            W("empire kingdom dynasty emperor king queen pharaoh senate republic revolution war battle treaty alliance army navy legion siege conquest colony trade merchant caravan guild monastery cathedral castle fortress manuscript chronicle archive artifact archaeology excavation ruin temple pyramid civilization culture tribe peasant noble aristocracy parliament constitution reform rebellion crusade plague famine migration frontier settlement charter coin inscription scroll historian era century decade medieval renaissance antiquity dictatorship monarchy diplomacy"),
            W("ancient medieval imperial colonial feudal byzantine roman ottoman victorian industrial revolutionary dynastic historical archaeological military diplomatic maritime agrarian nomadic classical"),
            W("history/ancient history/medieval history/modern history/military")),
        new("programming",
            W("function variable compiler interpreter runtime thread process memory pointer reference array list dictionary queue stack heap tree graph node edge algorithm complexity recursion iteration loop closure lambda interface class object inheritance module package library framework dependency repository commit branch merge refactoring test assertion exception bug debugger profiler benchmark latency throughput cache database query index transaction schema migration endpoint request response server client protocol socket container deployment pipeline build artifact configuration logging metric token parser serializer"),
            W("asynchronous concurrent parallel immutable mutable generic static dynamic functional declarative imperative distributed scalable idempotent deterministic recursive lexical binary virtual stateless"),
            W("programming/dotnet programming/python programming/databases programming/algorithms programming/devops")),
        new("cooking",
            W("recipe ingredient flour butter sugar salt pepper garlic onion shallot tomato basil oregano thyme rosemary cumin paprika cinnamon vanilla yeast dough bread pastry sauce stock broth soup stew roast oven skillet pan knife cutting board marinade vinaigrette emulsion caramel custard meringue chocolate cheese cream milk egg yolk lemon lime olive vinegar rice pasta noodle bean lentil mushroom spinach potato carrot celery fennel chicken beef pork salmon shrimp tofu braise simmer batch kitchen chef flavor texture aroma seasoning"),
            W("crispy tender savory sweet bitter sour spicy smoky creamy buttery roasted braised fermented caramelized seasonal rustic aromatic tangy golden delicate"),
            W("cooking/baking cooking/recipes cooking/techniques")),
        new("finance",
            W("market stock bond equity dividend portfolio asset liability balance sheet revenue profit margin cash flow budget expense income tax inflation interest rate loan mortgage credit debt deficit surplus currency exchange investor fund index volatility risk return valuation earnings share option futures hedge liquidity bank deposit savings pension retirement insurance premium capital allocation compound yield spread recession growth forecast audit accountant ledger invoice payroll tariff commodity"),
            W("fiscal monetary financial economic quarterly annual diversified leveraged volatile liquid speculative conservative aggressive taxable nominal inflationary profitable solvent passive active"),
            W("finance/investing finance/personal finance/economics")),
        new("health",
            W("nutrition vitamin mineral protein fiber calorie metabolism exercise workout muscle tendon joint bone heart lung blood pressure cholesterol glucose insulin hormone sleep stress anxiety immune system vaccine infection inflammation symptom diagnosis treatment therapy medication dose clinic hospital patient physician nurse surgery recovery posture stretching endurance strength hydration diet habit wellbeing mindfulness meditation"),
            W("chronic acute clinical cardiovascular metabolic nutritional preventive therapeutic aerobic anaerobic healthy sedentary restorative balanced"),
            W("health/nutrition health/fitness health/sleep")),
        new("music",
            W("melody harmony rhythm tempo chord scale interval octave note rest measure bar beat meter key signature symphony concerto sonata orchestra quartet ensemble choir soloist conductor composer guitar piano violin cello trumpet saxophone drum bass vocal lyric verse chorus bridge album recording studio microphone amplifier improvisation jazz blues opera score"),
            W("melodic harmonic rhythmic acoustic electric orchestral baroque romantic atonal syncopated lyrical improvised polyphonic minor major"),
            W("music/theory music/instruments music/history")),
        new("travel",
            W("journey itinerary passport visa airport flight train station ferry harbor hostel hotel guesthouse backpack luggage map compass trail mountain valley river lake island coast beach desert jungle village city museum market square cathedral bridge border customs currency guide landmark sunrise sunset ticket route road highway camping tent"),
            W("scenic remote coastal alpine tropical urban rural crowded quiet historic picturesque overnight budget adventurous"),
            W("travel/europe travel/asia travel/planning")),
        new("literature",
            W("novel poem poetry essay story narrative character protagonist antagonist plot setting theme metaphor symbol irony tragedy comedy satire author poet novelist playwright chapter stanza rhyme sonnet epic myth legend fable memoir biography criticism reader library publisher manuscript edition translation genre prose dialogue"),
            W("literary poetic narrative fictional mythical tragic comic satirical allegorical modernist postmodern gothic lyrical epic"),
            W("literature/fiction literature/poetry literature/criticism")),
        new("environment",
            W("ecosystem habitat biodiversity forest wetland river watershed soil erosion drought flood carbon emission pollution recycling waste compost renewable solar wind turbine battery grid conservation species pollinator bee coral reef deforestation reforestation sustainability footprint methane ozone aquifer rainfall wildfire"),
            W("sustainable renewable ecological environmental endangered invasive native biodegradable toxic coastal arid temperate"),
            W("environment/climate environment/conservation environment/energy")),
        new("psychology",
            W("memory attention perception cognition emotion motivation behavior habit learning bias heuristic decision judgment personality identity development childhood adolescence attachment trauma resilience empathy intelligence creativity consciousness dream brain neuron synapse dopamine reward feedback experiment participant survey"),
            W("cognitive behavioral emotional social developmental neural conscious unconscious implicit explicit intrinsic extrinsic"),
            W("psychology/cognition psychology/behavior psychology/learning")),
        new("productivity",
            W("note notebook journal outline checklist deadline priority goal project task calendar schedule routine workflow inbox focus distraction review reflection summary highlight archive template system method framework habit tracker meeting agenda decision"),
            W("daily weekly productive focused organized efficient deliberate systematic incremental"),
            W("productivity/notes productivity/habits")),
    ];

    public static readonly string[] GeneralNouns = W(
        "time year people way day man woman child world life hand part place case week company system program question work government number night point home water room mother area money story fact month lot right study book eye job word business issue side kind head house service friend father power hour game line end member law car city community name president team minute idea kid body information back parent face others level office door health person art war history party result change morning reason research girl guy moment air teacher force education foot boy age policy process music market sense nation plan college interest death experience effect use class control care field development role effort rate heart drug show leader light voice wife police mind price report decision son view relationship town road arm difference value building action model season society tax director position player record paper space ground form event official matter center couple site project activity star table need court oil situation cost industry figure street image phone data picture practice piece land product doctor wall patient worker news test movie north love support technology step baby computer type attention film tree source organization hair window evidence population site chance approach knowledge detail pattern structure example method feature problem solution principle concept answer account material purpose quality resource strategy direction tradition balance challenge");

    public static readonly string[] GeneralVerbs = W(
        "explain describe consider compare contrast examine explore analyze measure observe discover reveal suggest indicate require support improve reduce increase change develop create produce design build test evaluate review question challenge connect combine separate organize collect gather record track follow depend involve affect influence shape transform replace remove maintain preserve protect prevent allow enable encourage limit balance adjust adapt apply extend expand focus highlight illustrate summarize clarify define identify recognize remember learn practice prepare structure simplify resolve answer argue assume expect predict estimate calculate represent demonstrate document publish share discuss mention notice trace reflect");

    public static readonly string[] GeneralAdjectives = W(
        "important significant different similar common rare early late recent modern simple complex clear obvious subtle useful practical careful detailed broad narrow general specific particular central local global natural social personal public private small large long short high low strong weak new old young great key major minor main basic primary secondary critical essential interesting surprising familiar unusual effective reliable consistent gradual rapid steady careful accurate precise rough typical original");

    public static readonly string[] Adverbs = W(
        "often usually rarely sometimes always never gradually quickly slowly carefully clearly largely mostly partly simply directly especially particularly generally typically eventually finally initially recently increasingly surprisingly roughly nearly almost");

    public static readonly string[] Determiners = W("the the the the a a an this that each every some many most several these those their its our");

    public static readonly string[] Prepositions = W("of of of in in in on for for with with from by about through between across under over during without within toward against among");

    public static readonly string[] Conjunctions = W("and and and but or because while although since so whereas");

    public static string ThirdPerson(string verb) =>
        verb.EndsWith('s') || verb.EndsWith("sh") || verb.EndsWith("ch") || verb.EndsWith('x') || verb.EndsWith('z') ? verb + "es"
        : verb.Length > 1 && verb.EndsWith('y') && !"aeiou".Contains(verb[^2]) ? verb[..^1] + "ies"
        : verb + "s";

    public static string Past(string verb) =>
        verb.EndsWith('e') ? verb + "d"
        : verb.Length > 1 && verb.EndsWith('y') && !"aeiou".Contains(verb[^2]) ? verb[..^1] + "ied"
        : verb + "ed";

    public static string Plural(string noun) =>
        noun.EndsWith('s') || noun.EndsWith("sh") || noun.EndsWith("ch") || noun.EndsWith('x') ? noun + "es"
        : noun.Length > 1 && noun.EndsWith('y') && !"aeiou".Contains(noun[^2]) ? noun[..^1] + "ies"
        : noun + "s";

    public static IEnumerable<string> AllTags() => Topics.SelectMany(t => t.Tags).Concat(["reading-list", "ideas", "reference", "to-review", "favorites"]);
}
