namespace InfoSharing.Benchmarks.Synthetic;

/// <summary>
/// Made-up but UK-like name and place parts for the synthetic population. Frequencies follow a Zipf curve over
/// each list (the first name is the most common), which is roughly how UK names are spread.
/// </summary>
internal static class UkNames
{
    public static readonly string[] Male =
    [
        "David", "John", "Michael", "Paul", "Andrew", "James", "Peter", "Robert", "Mark", "Richard", "Stephen", "Christopher",
        "Ian", "Thomas", "William", "Daniel", "Matthew", "Simon", "Anthony", "Kevin", "Gary", "Steven", "Martin", "Jonathan",
        "Brian", "Alan", "Graham", "Colin", "Keith", "Philip", "Neil", "Stuart", "Jack", "Oliver", "Harry", "George", "Charlie",
        "Jacob", "Alfie", "Noah", "Oscar", "Leo", "Freddie", "Arthur", "Archie", "Joshua", "Samuel", "Benjamin", "Joseph",
        "Edward", "Henry", "Lewis", "Ryan", "Adam", "Luke", "Callum", "Connor", "Liam", "Nathan", "Kieran", "Jamie", "Dylan",
        "Ethan", "Mohammed", "Muhammad", "Ali", "Ahmed", "Hassan", "Omar", "Tomasz", "Piotr", "Krzysztof", "Aarav", "Arjun",
        "Rajesh", "Sanjay", "Kwame", "Chukwuemeka", "Oluwaseun", "Declan", "Ciaran", "Rhys", "Dafydd", "Gareth", "Huw", "Ewan",
        "Fraser", "Angus", "Hamish", "Ross", "Craig", "Barry", "Terence", "Derek", "Trevor", "Roy", "Dennis", "Frank", "Reginald",
    ];

    public static readonly string[] Female =
    [
        "Sarah", "Emma", "Claire", "Lisa", "Karen", "Susan", "Julie", "Helen", "Nicola", "Rachel", "Amanda", "Joanne", "Michelle",
        "Elizabeth", "Catherine", "Victoria", "Jennifer", "Rebecca", "Laura", "Louise", "Samantha", "Kelly", "Deborah", "Tracey",
        "Margaret", "Patricia", "Jacqueline", "Christine", "Gillian", "Alison", "Angela", "Caroline", "Olivia", "Amelia", "Isla",
        "Ava", "Emily", "Sophia", "Grace", "Lily", "Freya", "Mia", "Ella", "Isabella", "Poppy", "Evie", "Charlotte", "Jessica",
        "Chloe", "Megan", "Hannah", "Lauren", "Sophie", "Holly", "Bethany", "Amy", "Danielle", "Natalie", "Stacey", "Leanne",
        "Fatima", "Aisha", "Zainab", "Maryam", "Priya", "Anjali", "Agnieszka", "Katarzyna", "Joanna", "Chiamaka", "Abena",
        "Siobhan", "Aoife", "Niamh", "Sinead", "Bronwen", "Cerys", "Eilidh", "Morag", "Kirsty", "Fiona", "Shona", "Doreen",
        "Maureen", "Brenda", "Sandra", "Valerie", "Irene", "Jean", "Joan", "Dorothy", "Mary", "Ann", "Pauline", "Janet", "Wendy",
    ];

    /// <summary>Nicknames and other forms a clerk may type instead of the full name (not the matcher's own table).</summary>
    public static readonly Dictionary<string, string[]> Nicknames = new(StringComparer.Ordinal)
    {
        ["David"] = ["Dave", "Davy"], ["Michael"] = ["Mike", "Mick"], ["Andrew"] = ["Andy", "Drew"], ["James"] = ["Jim", "Jimmy", "Jamie"],
        ["Peter"] = ["Pete"], ["Robert"] = ["Rob", "Bob", "Bobby"], ["Richard"] = ["Rich", "Dick", "Ricky"], ["Stephen"] = ["Steve", "Steven"],
        ["Christopher"] = ["Chris", "Kit"], ["Thomas"] = ["Tom", "Tommy"], ["William"] = ["Will", "Bill", "Billy", "Liam"],
        ["Daniel"] = ["Dan", "Danny"], ["Matthew"] = ["Matt"], ["Anthony"] = ["Tony", "Antony"], ["Jonathan"] = ["Jon", "Johnny"],
        ["Philip"] = ["Phil", "Phillip"], ["Joseph"] = ["Joe", "Joey"], ["Edward"] = ["Ed", "Eddie", "Ted"], ["Benjamin"] = ["Ben"],
        ["Samuel"] = ["Sam"], ["Alexander"] = ["Alex", "Sandy"], ["Frederick"] = ["Fred", "Freddie"], ["Muhammad"] = ["Mohammed", "Mohamed"],
        ["Sarah"] = ["Sara", "Sally"], ["Elizabeth"] = ["Liz", "Beth", "Lizzie", "Betty"], ["Catherine"] = ["Kate", "Cathy", "Katherine"],
        ["Victoria"] = ["Vicky", "Tori"], ["Jennifer"] = ["Jen", "Jenny"], ["Rebecca"] = ["Becky", "Becca"], ["Samantha"] = ["Sam", "Sammy"],
        ["Margaret"] = ["Maggie", "Peggy", "Meg"], ["Patricia"] = ["Pat", "Trish"], ["Jacqueline"] = ["Jackie"], ["Christine"] = ["Chris", "Chrissie"],
        ["Gillian"] = ["Gill", "Jill"], ["Caroline"] = ["Carol", "Carrie"], ["Charlotte"] = ["Charlie", "Lottie"], ["Jessica"] = ["Jess"],
        ["Deborah"] = ["Debbie", "Debra"], ["Susan"] = ["Sue", "Susie"], ["Nicola"] = ["Nicky", "Nikki"], ["Joanne"] = ["Jo", "Joanna"],
        ["Danielle"] = ["Dani"], ["Natalie"] = ["Nat"], ["Isabella"] = ["Bella", "Izzy"], ["Amelia"] = ["Millie"], ["Olivia"] = ["Liv"],
    };

    public static readonly string[] CommonSurnames =
    [
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Robinson",
        "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel",
        "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker",
        "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young",
        "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller",
        "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster",
        "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer",
        "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray",
        "Dixon", "Harvey", "Graham", "Pearson", "Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart",
        "Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day", "Brooks", "West", "Lawrence", "Cole", "Atkinson",
        "Bradley", "Spencer", "Gill", "Dawson", "Ball", "Burton", "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant",
        "Wells", "Armstrong", "Francis", "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory",
        "Carr", "Lowe", "Page", "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid", "Holland", "Hawkins",
        "Harding", "Porter", "Robertson", "Newton", "Oliver", "Reed", "Kennedy", "Williamson", "Bird", "Gardner", "Shah", "Dean",
        "Lane", "Cooke", "Bates", "Henderson", "Parry", "Burgess", "Bishop", "Walton", "Burns", "Nicholson", "Shepherd", "Ross",
        "Cross", "Long", "Freeman", "Warren", "Nicholls", "Hamilton", "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson",
        "Curtis", "Hopkins", "O'Connor", "Harper", "Coleman", "Watkins", "Moss", "McCarthy", "Chambers", "O'Neill", "Griffin",
        "Sharp", "Hardy", "Wheeler", "Potter", "Osborne", "Johnston", "Gordon", "Doyle", "Wallace", "George", "Jordan", "Hutchinson",
        "Nowak", "Kowalski", "Wisniewski", "Okafor", "Mensah", "Adeyemi", "Nguyen", "Chen", "Wong", "Sharma", "Kumar", "Mistry",
    ];

    /// <summary>Parts of rarer surnames ("Ash" + "worth"), for the long tail that real registers have.</summary>
    public static readonly string[] SurnameStems =
    [
        "Ash", "Brad", "Brig", "Bur", "Cal", "Chad", "Crom", "Dal", "Dun", "Eld", "Farn", "Gar", "Good", "Hal", "Hart", "Hay", "Holl",
        "Kent", "Kings", "Lang", "Led", "Lyn", "Mar", "Mid", "Mil", "Nor", "Oak", "Pen", "Pick", "Ram", "Red", "Ros", "Sal", "Shel",
        "Stan", "Sut", "Thorn", "Tre", "Wal", "War", "Wes", "Whit", "Win", "Wood", "Yar", "Ald", "Bark", "Black", "Brook", "Fair",
    ];

    public static readonly string[] SurnameEndings =
    [
        "worth", "ley", "ton", "ford", "field", "well", "wood", "by", "ham", "stead", "more", "combe", "den", "ridge", "shaw",
        "brook", "bury", "cott", "hurst", "mere", "wick", "thorpe", "stone", "land", "gate", "dale", "ing", "er", "son", "man",
    ];

    public static readonly string[] StreetNames =
    [
        "High", "Station", "Church", "Victoria", "Park", "Green", "Manor", "Kings", "Queens", "Mill", "School", "North", "South",
        "London", "Albert", "York", "Windsor", "Grange", "Springfield", "Meadow", "Orchard", "Chestnut", "Elm", "Oak", "Beech",
        "Willow", "Ash", "Cedar", "Hawthorn", "Rowan", "Birch", "Holly", "Lime", "Maple", "Poplar", "Sycamore", "Alder", "Hazel",
        "Mount", "Castle", "Abbey", "Priory", "Chapel", "Market", "Bridge", "River", "Brook", "Hill", "Vale", "Forest", "Heath",
        "Common", "Mead", "Field", "Farm", "Garden", "Court", "Tower", "Cross", "Well", "Spring", "Bank", "Cliff", "Dale", "Fell",
        "Moor", "Ridge", "Wood", "Glebe", "Rectory", "Vicarage", "Lodge", "Hall", "Rose", "Lily", "Ivy", "Primrose", "Bluebell",
        "Heather", "Clover", "Lavender", "Foxglove", "Jubilee", "Coronation", "Trafalgar", "Waterloo", "Nelson", "Milton",
        "Byron", "Shelley", "Tennyson", "Wordsworth", "Dickens", "Keats", "Chaucer", "Cromwell", "Stanley", "Gladstone",
    ];

    public static readonly string[] StreetTypes =
    [
        "Street", "Road", "Lane", "Avenue", "Close", "Drive", "Way", "Crescent", "Gardens", "Place", "Grove", "Terrace", "Court", "Walk", "Rise",
    ];

    /// <summary>Postcode areas and a town in each.</summary>
    public static readonly (string Area, string Town)[] Areas =
    [
        ("B", "Birmingham"), ("BS", "Bristol"), ("CF", "Cardiff"), ("E", "London"), ("G", "Glasgow"), ("L", "Liverpool"),
        ("LS", "Leeds"), ("M", "Manchester"), ("N", "London"), ("NE", "Newcastle"), ("NG", "Nottingham"), ("S", "Sheffield"),
        ("SE", "London"), ("SW", "London"), ("W", "London"), ("EH", "Edinburgh"), ("CV", "Coventry"), ("LE", "Leicester"),
        ("BD", "Bradford"), ("HU", "Hull"), ("PL", "Plymouth"), ("SO", "Southampton"), ("ST", "Stoke-on-Trent"), ("DE", "Derby"),
        ("WV", "Wolverhampton"), ("NR", "Norwich"), ("OX", "Oxford"), ("CB", "Cambridge"), ("YO", "York"), ("EX", "Exeter"),
        ("BN", "Brighton"), ("PO", "Portsmouth"), ("RG", "Reading"), ("LU", "Luton"), ("MK", "Milton Keynes"), ("PR", "Preston"),
        ("BL", "Bolton"), ("OL", "Oldham"), ("SR", "Sunderland"), ("TS", "Middlesbrough"), ("DN", "Doncaster"), ("WF", "Wakefield"),
        ("HD", "Huddersfield"), ("BB", "Blackburn"), ("FY", "Blackpool"), ("CH", "Chester"), ("WA", "Warrington"), ("SA", "Swansea"),
        ("NP", "Newport"), ("AB", "Aberdeen"), ("DD", "Dundee"), ("IV", "Inverness"), ("KA", "Kilmarnock"), ("PA", "Paisley"),
    ];
}
