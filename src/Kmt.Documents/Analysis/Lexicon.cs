namespace Kmt.Documents.Analysis;

/// <summary>
/// The small word lists the in-process analyzer works from: stopwords per language, honorifics,
/// common first names, organisation and location cues and a gazetteer. Deliberately small: they make
/// the heuristics useful on ordinary prose, not complete.
/// </summary>
internal static class Lexicon
{
    private static HashSet<string> Set(string words) =>
        new(words.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    private static HashSet<string> Phrases(string phrases) =>
        new(phrases.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlyDictionary<string, HashSet<string>> Stopwords = new Dictionary<string, HashSet<string>>
    {
        ["en"] = Set("""
            a about above after again against all also am an and any are as at be because been before being below
            between both but by can could did do does doing down during each few for from further had has have having
            he her here hers herself him himself his how however i if in into is it its itself just me more most my
            myself no nor not now of off on once only or other our ours ourselves out over own same she should so some
            such than that the their theirs them themselves then there these they this those through to too under
            until up very was we were what when where which while who whom why will with would you your yours
            yourself yourselves may might must shall upon within without also although though yet thus whether
            many much every either neither one two three first second new used using use well even
            """),
        ["de"] = Set("""
            der die das den dem des ein eine einer eines einem einen und oder aber ist sind war waren wird werden
            wurde wurden nicht auch auf aus bei mit nach von vor zu zum zur über unter für durch gegen ohne um ich du
            er sie es wir ihr mich dich sich uns euch mein dein sein ihr unser euer dass daß wenn weil als wie noch
            nur schon sehr hat haben hatte hatten kann können muss müssen soll sollen im ins am vom beim dieser diese
            dieses jeder jede jedes kein keine man so da dann doch ob auch bis
            """),
        ["fr"] = Set("""
            le la les un une des du de et ou mais donc or ni car est sont était étaient être avoir a ont avait je tu il
            elle nous vous ils elles me te se lui leur leurs ce cet cette ces mon ton son ma ta sa mes tes ses notre
            votre nos vos qui que quoi dont où dans sur sous avec sans pour par en au aux ne pas plus moins très
            aussi comme si tout tous toute toutes été fait peut entre chez
            """),
        ["es"] = Set("""
            el la los las un una unos unas y o pero ni que de del al en con sin por para sobre entre es son era eran
            fue fueron ser estar está están ha han había he yo tú él ella nosotros vosotros ellos ellas me te se nos
            os le les lo su sus mi mis tu tus nuestro nuestra este esta estos estas ese esa esos esas como cuando
            donde muy más menos también pero porque si no ya hay todo todos
            """),
        ["it"] = Set("""
            il lo la i gli le un uno una e ed o ma che di del dello della dei degli delle a al allo alla ai agli alle
            da dal dalla in nel nello nella nei negli nelle con su sul sulla per tra fra è sono era erano essere
            stato stata ho ha hanno io tu lui lei noi voi loro mi ti si ci vi non più molto anche come quando dove
            perché se questo questa questi queste quello quella tutto tutti
            """),
        ["pt"] = Set("""
            o a os as um uma uns umas e ou mas que de do da dos das em no na nos nas por para com sem sobre entre é
            são era eram foi foram ser estar está estão tem têm tinha eu tu ele ela nós vós eles elas me te se nos lhe
            lhes seu sua seus suas meu minha este esta estes estas esse essa isso isto como quando onde muito mais
            menos também porque não já há pelo pela pelos pelas ao aos à às
            """),
        ["nl"] = Set("""
            de het een en of maar dat die dit deze van in op te aan met voor door over bij naar uit om tot als dan
            is zijn was waren wordt worden werd werden heeft hebben had ik jij je hij zij ze wij we jullie u mij me
            zich ons hun haar mijn jouw zijn niet geen ook nog wel al er hier daar waar wat wie hoe omdat zoals
            """),
        ["ru"] = Set("""
            и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее её мне было вот
            от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь
            опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам
            чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь
            этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой
            хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою
            этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это также
            """),
    };

    /// <summary>Words that do not start or end a key phrase in any language we know.</summary>
    public static readonly HashSet<string> AllStopwords = new(Stopwords.Values.SelectMany(s => s), StringComparer.Ordinal);

    public static readonly HashSet<string> Abbreviations = Set("""
        mr mrs ms dr prof sr jr st vs etc e.g i.e u.s u.k u.n inc ltd co corp no nos fig figs approx dept est
        vol vols ed eds pp p al cf ca jan feb mar apr jun jul aug sep sept oct nov dec mt ft gen col lt sgt rev
        hon gov sen rep pres mme mlle m bzw z.b d.h usw ggf ca. a.m p.m ph.d b.sc m.sc
        """);

    public static readonly HashSet<string> Honorifics = Set("""
        Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lady Lord Madame Mme Mlle Monsieur Herr Frau Señor Señora
        Sr Sra President Senator Judge Justice Captain Capt General Gen Colonel Col Rev Father Sister Saint
        King Queen Prince Princess Pope Chancellor Minister Governor Mayor Doctor
        """);

    /// <summary>About 250 common given names across Europe, the Americas and beyond (ASCII and accented forms).</summary>
    public static readonly HashSet<string> FirstNames = Set("""
        James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony
        Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan
        Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Frank
        Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle Walter
        Ethan Jeremy Harold Keith Christian Roger Noah Gerald Carl Terry Sean Austin Arthur Lawrence Jesse Dylan
        Bryan Joe Jordan Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy Ralph Randy Eugene Vincent
        Russell Elijah Louis Bobby Philip Johnny Isaac Isaak Alan Ada Alice Mary Patricia Jennifer Linda Elizabeth
        Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle
        Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Shirley Angela
        Helen Anna Brenda Pamela Nicole Emma Samantha Katherine Christine Debra Rachel Catherine Carolyn Janet
        Ruth Maria Heather Diane Virginia Julie Joyce Victoria Olivia Kelly Christina Lauren Joan Evelyn Judith
        Megan Cheryl Andrea Hannah Martha Jacqueline Frances Gloria Ann Teresa Kathryn Sara Janice Jean Alice
        Madison Doris Abigail Julia Judy Grace Denise Amber Marilyn Beverly Danielle Theresa Sophia Marie Diana
        Brittany Natalie Isabella Charlotte Rose Alexis Kayla Marie Pierre Jacques Jean Louis Michel Philippe
        Alain Nicolas François Francois Claude Isabelle Sophie Camille Chloé Chloe Léa Lea Hans Klaus Jürgen
        Juergen Wolfgang Stefan Andreas Thomas Frank Uwe Sabine Ursula Monika Petra Angela Heinrich Friedrich
        Johann Wilhelm Karl Otto Albrecht Greta Lukas Felix Leon Carlos Luis Miguel Javier Antonio Manuel Pedro
        Jorge Alejandro Sofia Lucia Carmen Isabel Pablo Diego Marco Giuseppe Giovanni Francesco Alessandro
        Lorenzo Matteo Giulia Chiara Francesca Luca Paolo João Joao Ana Beatriz Mariana Ivan Dmitri Dmitry
        Sergei Sergey Vladimir Alexei Alexey Nikolai Olga Natasha Tatiana Svetlana Mikhail Boris Yuri Igor Anton
        Lars Anders Erik Sven Ingrid Astrid Nils Jan Piotr Krzysztof Tomasz Agnieszka Katarzyna Wei Li Ming Hiroshi
        Yuki Kenji Haruto Sakura Raj Priya Amit Rahul Ahmed Mohammed Muhammad Ali Fatima Omar Hassan Aisha Kofi
        Ama Nelson Barack Angela Emmanuel Ludwig Wolfgang Isaac Albert Charles Rosalind Grace Ada Alan Tim Linus
        Elon Bill Steve Larry Sergey Satya Sundar Jeff Mark Warren Oprah Margaret Winston Abraham Martin Franklin
        Theodore Napoleon Galileo Leonardo Nikola Niels Max Erwin Werner Enrico Richard Stephen Carl Dorothy
        Florence Jane Emily Virginia Simone Frida Pablo Vincent Claude Salvador
        """);

    /// <summary>Last words that make a capitalised name an organisation.</summary>
    public static readonly HashSet<string> OrganizationSuffixes = Set("""
        Inc Inc. Ltd Ltd. Corp Corp. Corporation LLC LLP PLC plc GmbH AG SA S.A. SE NV BV Co Co. Company Companies
        University Universität Université Universidad Università Institute Institut Instituto Foundation Stiftung
        Fondation Agency Association Bank Council Ministry Department Commission Committee Society College School
        Academy Laboratory Laboratories Labs Lab Group Holdings Organization Organisation Party Press Museum
        Hospital Clinic Church Union Federation League Partners Systems Technologies Software Airlines Motors
        Pharmaceuticals Bureau Authority Court Parliament Senate Congress Office Service Services Trust Fund Network
        Studios Records Media News Times Post Journal
        """);

    /// <summary>First words that make "X of Y" an organisation ("University of Paris", "Bank of England").</summary>
    public static readonly HashSet<string> OrganizationHeads = Set("""
        University Universität Université Universidad Università Institute Institut Bank Ministry Department
        Academy College School Museum Council Society Church Federation Association Organization Organisation
        Commission Committee Court Office Bureau Agency League Order
        """);

    public static readonly HashSet<string> LocationSuffixes = Set("""
        City Town Village River Mountain Mountains Mount Lake Lakes Island Islands Valley Bay Sea Ocean Gulf Coast
        County Province Region District Peninsula Desert Forest Canyon Strait Falls Harbor Harbour Square Street
        Avenue Boulevard Road Bridge Park Heights Hills Springs
        """);

    public static readonly HashSet<string> LocationPrepositions = Set("in at from near to into across");

    /// <summary>Connectors allowed inside a capitalised name when a capitalised word follows ("University of Paris").</summary>
    public static readonly HashSet<string> NameConnectors = Set("of de du des la le del della di da van von der den y & für");

    public static readonly HashSet<string> RomanNumerals = Set("II III IV VI VII VIII IX XI XII XIII XIV XV XX");

    /// <summary>About 260 countries, continents, US states and major cities (multi-word names included).</summary>
    public static readonly HashSet<string> Gazetteer = Phrases("""
        Africa|Antarctica|Asia|Australia|Europe|North America|South America|Oceania|Latin America|Middle East|
        Scandinavia|Siberia|Caribbean|Balkans|Arctic|Mediterranean|Pacific|Atlantic|
        Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|
        Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|
        Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czechia|
        Czech Republic|Denmark|Djibouti|Dominican Republic|Ecuador|Egypt|El Salvador|Eritrea|Estonia|Eswatini|
        Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Guatemala|Guinea|Guyana|Haiti|
        Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|
        Kenya|Korea|South Korea|North Korea|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|
        Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|
        Mexico|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nepal|Netherlands|Holland|
        New Zealand|Nicaragua|Niger|Nigeria|Norway|Oman|Pakistan|Palestine|Panama|Papua New Guinea|Paraguay|Peru|
        Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Senegal|Serbia|Sierra Leone|Singapore|
        Slovakia|Slovenia|Somalia|South Africa|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|
        Tajikistan|Tanzania|Thailand|Togo|Tunisia|Turkey|Türkiye|Turkmenistan|Uganda|Ukraine|United Arab Emirates|
        UAE|United Kingdom|UK|Britain|Great Britain|England|Scotland|Wales|Northern Ireland|United States|
        United States of America|USA|US|America|Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|
        Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|
        Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|
        Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|
        Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|
        Virginia|Washington|West Virginia|Wisconsin|Wyoming|
        London|Paris|Berlin|Madrid|Rome|Vienna|Warsaw|Prague|Budapest|Amsterdam|Brussels|Lisbon|Dublin|Athens|
        Stockholm|Oslo|Copenhagen|Helsinki|Zurich|Geneva|Bern|Munich|Hamburg|Frankfurt|Cologne|Milan|Naples|
        Venice|Florence|Barcelona|Seville|Valencia|Lyon|Marseille|Edinburgh|Manchester|Oxford|Cambridge|Moscow|
        Saint Petersburg|St. Petersburg|Kyiv|Kiev|Minsk|Istanbul|Ankara|Cairo|Lagos|Nairobi|Johannesburg|
        Cape Town|Casablanca|Tokyo|Kyoto|Osaka|Beijing|Shanghai|Hong Kong|Shenzhen|Seoul|Taipei|Bangkok|Hanoi|
        Jakarta|Manila|Delhi|New Delhi|Mumbai|Bangalore|Kolkata|Karachi|Lahore|Dhaka|Tehran|Baghdad|Riyadh|Dubai|
        Doha|Jerusalem|Tel Aviv|Beirut|Sydney|Melbourne|Auckland|Toronto|Montreal|Vancouver|Ottawa|Chicago|
        Los Angeles|San Francisco|Seattle|Boston|Houston|Dallas|Austin|Miami|Atlanta|Denver|Philadelphia|Phoenix|
        Detroit|Las Vegas|Washington D.C.|Mexico City|Havana|Bogotá|Bogota|Lima|Santiago|Buenos Aires|
        São Paulo|Sao Paulo|Rio de Janeiro|Brasília|Brasilia|Caracas|Quito|Silicon Valley|Geneva|Strasbourg
        """);
}
