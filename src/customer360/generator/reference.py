"""Static reference data of the synthetic world: countries, name pools, cities, stores,
the product taxonomy and the currency-rate series.

Everything here is independent of the run seed, so the dbt seeds written from it
(``seeds/*.csv``) are identical for every generated data set.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

# ---------------------------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------------------------
# code -> name, calling code, currency, default time zone, share of persons
COUNTRIES: dict[str, dict] = {
    "GB": {"name": "United Kingdom", "calling_code": "44", "currency": "GBP", "tz": "Europe/London", "weight": 0.30},
    "DE": {"name": "Germany", "calling_code": "49", "currency": "EUR", "tz": "Europe/Berlin", "weight": 0.25},
    "FR": {"name": "France", "calling_code": "33", "currency": "EUR", "tz": "Europe/Paris", "weight": 0.15},
    "NL": {"name": "Netherlands", "calling_code": "31", "currency": "EUR", "tz": "Europe/Amsterdam", "weight": 0.10},
    "US": {"name": "United States", "calling_code": "1", "currency": "USD", "tz": "America/New_York", "weight": 0.20},
}
COUNTRY_LIST = list(COUNTRIES)

# How exports spell the country (the raw value); weights per country. The first alias is the code.
COUNTRY_SPELLINGS: dict[str, list[tuple[str, float]]] = {
    "GB": [("GB", 0.55), ("United Kingdom", 0.2), ("uk", 0.1), ("UK", 0.1), ("England", 0.05)],
    "DE": [("DE", 0.6), ("Germany", 0.25), ("Deutschland", 0.1), ("de", 0.05)],
    "FR": [("FR", 0.65), ("France", 0.3), ("fr", 0.05)],
    "NL": [("NL", 0.55), ("Netherlands", 0.2), ("The Netherlands", 0.1), ("Holland", 0.1), ("nl", 0.05)],
    "US": [("US", 0.55), ("USA", 0.2), ("United States", 0.15), ("United States of America", 0.05), ("us", 0.05)],
}

# every alias the country_codes seed knows (lower case), incl. spellings the generator never emits
COUNTRY_ALIASES: dict[str, list[str]] = {
    "GB": ["gb", "gbr", "uk", "united kingdom", "great britain", "britain", "england", "scotland", "wales",
           "northern ireland", "u.k."],
    "DE": ["de", "deu", "germany", "deutschland", "federal republic of germany"],
    "FR": ["fr", "fra", "france", "république française", "republique francaise"],
    "NL": ["nl", "nld", "netherlands", "the netherlands", "holland", "nederland"],
    "US": ["us", "usa", "united states", "united states of america", "u.s.", "u.s.a.", "america"],
}

# countries the generator never emits but real exports (and the public benchmark sets: FEBRL is Australian) carry:
# the country_codes seed knows them too, so such a record keeps its country instead of being flagged unknown
SEED_ONLY_COUNTRIES: dict[str, dict] = {
    "AU": {"name": "Australia", "calling_code": "61", "aliases": ["au", "aus", "australia"]},
    "AT": {"name": "Austria", "calling_code": "43", "aliases": ["at", "aut", "austria", "österreich"]},
    "BE": {"name": "Belgium", "calling_code": "32", "aliases": ["be", "bel", "belgium", "belgique", "belgië"]},
    "CA": {"name": "Canada", "calling_code": "1", "aliases": ["ca", "can", "canada"]},
    "CH": {"name": "Switzerland", "calling_code": "41", "aliases": ["ch", "che", "switzerland", "schweiz", "suisse"]},
    "ES": {"name": "Spain", "calling_code": "34", "aliases": ["es", "esp", "spain", "españa"]},
    "IE": {"name": "Ireland", "calling_code": "353", "aliases": ["ie", "irl", "ireland", "éire"]},
    "IT": {"name": "Italy", "calling_code": "39", "aliases": ["it", "ita", "italy", "italia"]},
}

# ---------------------------------------------------------------------------------------------
# Names. First names: (name, nickname or ""), nicknames are what people type in a second sign-up.
# ---------------------------------------------------------------------------------------------
FIRST_NAMES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "GB": {
        "F": [("Olivia", "Liv"), ("Amelia", "Millie"), ("Isla", ""), ("Ava", ""), ("Emily", "Em"), ("Sophie", "Soph"),
              ("Grace", ""), ("Charlotte", "Lottie"), ("Jessica", "Jess"), ("Lucy", ""), ("Hannah", ""),
              ("Chloe", ""), ("Rebecca", "Becky"), ("Katherine", "Kate"), ("Elizabeth", "Liz"), ("Sarah", ""),
              ("Rachel", ""), ("Laura", ""), ("Victoria", "Vicky"), ("Eleanor", "Ellie"), ("Margaret", "Maggie"),
              ("Abigail", "Abby"), ("Zoë", "Zoe"), ("Siobhán", ""), ("Aisha", ""), ("Priya", ""), ("Niamh", ""),
              ("Freya", ""), ("Harriet", "Hattie"), ("Imogen", "Immy"), ("Megan", "Meg"), ("Naomi", "")],
        "M": [("Oliver", "Ollie"), ("George", ""), ("Harry", ""), ("Jack", ""), ("Thomas", "Tom"),
              ("William", "Will"), ("James", "Jim"), ("Charles", "Charlie"), ("Daniel", "Dan"),
              ("Matthew", "Matt"), ("Samuel", "Sam"), ("Joseph", "Joe"), ("Benjamin", "Ben"), ("Edward", "Ed"),
              ("Christopher", "Chris"), ("Andrew", "Andy"), ("Robert", "Bob"), ("Richard", "Rich"), ("David", "Dave"),
              ("Michael", "Mike"), ("Alexander", "Alex"), ("Nicholas", "Nick"), ("Rhys", ""), ("Callum", ""),
              ("Mohammed", ""), ("Arjun", ""), ("Seán", "Sean"), ("Liam", ""), ("Owen", ""), ("Ethan", ""),
              ("Hamish", ""), ("Declan", "")],
        "L": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
              "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
              "Patel", "Khan", "Lewis", "Harris", "Martin", "Cooper", "King", "Lee", "Baker", "Harrison", "Morgan",
              "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young",
              "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell",
              "Shaw", "Murphy", "Miller", "Cox", "Richards", "Hughes", "O'Brien", "O'Neill", "MacDonald",
              "McKenzie", "Fitzgerald", "Chaudhry", "Ward", "Turner", "Hill", "Moore", "Campbell", "Stewart"],
    },
    "DE": {
        "F": [("Anna", ""), ("Katharina", "Kathi"), ("Julia", "Jule"), ("Laura", ""), ("Lena", ""), ("Lea", ""),
              ("Sophie", ""), ("Marie", ""), ("Sarah", ""), ("Lisa", ""), ("Johanna", "Hanna"), ("Franziska", "Franzi"),
              ("Susanne", "Susi"), ("Sabine", ""), ("Petra", ""), ("Monika", "Moni"), ("Ursula", "Uschi"),
              ("Jana", ""), ("Gisela", ""), ("Birgit", ""), ("Käthe", ""), ("Jasmin", ""), ("Ayşe", ""),
              ("Elif", ""), ("Charlotte", "Lotte"), ("Luisa", ""), ("Mia", ""), ("Hannelore", "Hanne"),
              ("Dörte", ""), ("Anja", ""), ("Stefanie", "Steffi"), ("Christina", "Tina")],
        "M": [("Lukas", ""), ("Leon", ""), ("Maximilian", "Max"), ("Felix", ""), ("Jonas", ""), ("Paul", ""),
              ("Alexander", "Alex"), ("Tobias", "Tobi"), ("Florian", "Flo"), ("Sebastian", "Basti"),
              ("Johannes", "Hannes"), ("Michael", "Micha"), ("Thomas", "Tom"), ("Andreas", "Andi"),
              ("Stefan", ""), ("Matthias", ""), ("Wolfgang", "Wolf"), ("Klaus", ""), ("Günter", ""), ("Jörg", ""),
              ("Björn", ""), ("Uwe", ""), ("Dieter", ""), ("Mehmet", ""), ("Emre", ""), ("Niklas", ""),
              ("Benedikt", "Bene"), ("Christian", "Chris"), ("Daniel", "Dani"), ("Frank", ""), ("Jan", ""),
              ("Sören", "")],
        "L": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
              "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
              "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner",
              "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann",
              "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller",
              "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger",
              "Çelik", "Yılmaz", "Öztürk", "Kowalski", "Nowak", "Großmann", "Straßer", "Voß"],
    },
    "FR": {
        "F": [("Marie", ""), ("Camille", ""), ("Léa", "Lea"), ("Chloé", "Chloe"), ("Manon", ""), ("Inès", "Ines"),
              ("Emma", ""), ("Jeanne", ""), ("Louise", "Lou"), ("Juliette", "Juju"), ("Élodie", "Elodie"),
              ("Hélène", "Helene"), ("Amélie", "Amelie"), ("Céline", "Celine"), ("Nathalie", "Nath"),
              ("Isabelle", "Isa"), ("Sophie", ""), ("Aurélie", "Aurelie"), ("Margaux", "Margot"), ("Clémence", ""),
              ("Anaïs", "Anais"), ("Françoise", "Francoise"), ("Brigitte", ""), ("Sylvie", ""), ("Fatima", ""),
              ("Yasmine", ""), ("Océane", "Oceane"), ("Noémie", "Noemie"), ("Pauline", ""), ("Zoé", "Zoe")],
        "M": [("Louis", ""), ("Gabriel", "Gaby"), ("Jules", ""), ("Hugo", ""), ("Lucas", ""), ("Arthur", ""),
              ("Raphaël", "Raph"), ("Nicolas", "Nico"), ("Julien", "Ju"), ("Sébastien", "Seb"),
              ("François", "Francois"), ("Jérôme", "Jerome"), ("Stéphane", "Steph"), ("Frédéric", "Fred"),
              ("Thierry", ""), ("Philippe", "Phil"), ("Pierre", ""), ("Antoine", "Toine"), ("Benoît", "Benoit"),
              ("Mathieu", "Matt"), ("Guillaume", "Guigui"), ("Olivier", ""), ("José", "Jose"), ("Karim", ""),
              ("Mehdi", ""), ("Théo", "Theo"), ("Maxime", "Max"), ("Alexandre", "Alex"), ("Clément", "Clement"),
              ("Étienne", "Etienne")],
        "L": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
              "Simon", "Laurent", "Lefèbvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
              "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet",
              "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
              "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont",
              "Lopez", "Fontaine", "Chevalier", "Robin", "Benoît", "Besnard", "Côté", "Benali", "Haddad",
              "Nguyen", "Da Silva", "Rodrigues", "Pérez", "Gonçalves"],
    },
    "NL": {
        "F": [("Emma", ""), ("Julia", "Juul"), ("Sophie", "Fie"), ("Anna", ""), ("Tess", ""), ("Zoë", "Zoe"),
              ("Sanne", ""), ("Lotte", ""), ("Fleur", ""), ("Eva", ""), ("Lieke", ""), ("Femke", ""),
              ("Anouk", ""), ("Maaike", ""), ("Marieke", ""), ("Ingrid", ""), ("Johanna", "Joke"),
              ("Wilhelmina", "Mien"), ("Esther", ""), ("Noor", ""), ("Sara", ""), ("Fenna", ""), ("Iris", ""),
              ("Roos", ""), ("Janneke", ""), ("Merel", "")],
        "M": [("Daan", ""), ("Sem", ""), ("Lucas", ""), ("Levi", ""), ("Bram", ""), ("Thijs", ""), ("Ruben", ""),
              ("Jeroen", ""), ("Pieter", "Piet"), ("Johannes", "Hans"), ("Willem", "Wim"), ("Hendrik", "Henk"),
              ("Cornelis", "Kees"), ("Jacobus", "Koos"), ("Gerrit", ""), ("Joost", ""), ("Maarten", ""),
              ("Sander", ""), ("Bas", ""), ("Niels", ""), ("Stijn", ""), ("Jesse", ""), ("Mohamed", ""),
              ("Youssef", ""), ("Dirk", ""), ("Floris", "")],
        "L": ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
              "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
              "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
              "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek",
              "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet",
              "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "Prins", "Blom", "Huisman", "Peeters",
              "Çelik", "Yılmaz", "El Amrani", "Bouzid"],
    },
    "US": {
        "F": [("Mary", ""), ("Patricia", "Patty"), ("Jennifer", "Jen"), ("Linda", ""), ("Elizabeth", "Beth"),
              ("Barbara", "Barb"), ("Susan", "Sue"), ("Jessica", "Jess"), ("Sarah", ""), ("Karen", ""),
              ("Nancy", ""), ("Lisa", ""), ("Margaret", "Peggy"), ("Ashley", ""), ("Kimberly", "Kim"),
              ("Emily", ""), ("Michelle", "Shelly"), ("Amanda", "Mandy"), ("Stephanie", "Steph"),
              ("Rebecca", "Becky"), ("Samantha", "Sam"), ("Madison", "Maddie"), ("Brittany", ""),
              ("María", "Maria"), ("Guadalupe", "Lupe"), ("Sofía", "Sofia"), ("Keisha", ""), ("Mei", ""),
              ("Christine", "Chris"), ("Deborah", "Debbie"), ("Jacqueline", "Jackie"), ("Abigail", "Abby")],
        "M": [("James", "Jim"), ("Robert", "Bob"), ("John", "Johnny"), ("Michael", "Mike"), ("David", "Dave"),
              ("William", "Bill"), ("Richard", "Rick"), ("Joseph", "Joe"), ("Thomas", "Tom"),
              ("Christopher", "Chris"), ("Charles", "Chuck"), ("Daniel", "Danny"), ("Matthew", "Matt"),
              ("Anthony", "Tony"), ("Mark", ""), ("Steven", "Steve"), ("Andrew", "Drew"), ("Joshua", "Josh"),
              ("Kenneth", "Ken"), ("Kevin", ""), ("Brian", ""), ("Timothy", "Tim"), ("Ronald", "Ron"),
              ("José", "Jose"), ("Luis", ""), ("Jesús", "Jesus"), ("DeShawn", ""), ("Tyrone", ""), ("Wei", ""),
              ("Gregory", "Greg"), ("Jonathan", "Jon"), ("Nathaniel", "Nate")],
        "L": ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
              "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
              "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez",
              "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen",
              "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
              "Carter", "Roberts", "Gómez", "Peña", "Muñoz", "O'Connor", "Kim", "Chen", "Washington",
              "Kowalczyk", "Schmidt", "Murphy", "Cohen", "Sullivan", "Rossi", "Patel"],
    },
}

# ---------------------------------------------------------------------------------------------
# Cities: (city, weight, postal spec, phone area code for landlines, US time zone)
#   GB postal spec: outward codes; DE/FR/US: (low, high) numeric ranges or a list of codes; NL: range
# ---------------------------------------------------------------------------------------------
CITIES: dict[str, list[dict]] = {
    "GB": [
        {"city": "London", "w": 0.40, "postal": ["SW1A", "E1", "N1", "NW3", "SE1", "W1D", "EC1A", "WC2H", "SW11", "E14"], "area": "20"},
        {"city": "Manchester", "w": 0.12, "postal": ["M1", "M4", "M14", "M20"], "area": "161"},
        {"city": "Birmingham", "w": 0.12, "postal": ["B1", "B15", "B29", "B13"], "area": "121"},
        {"city": "Leeds", "w": 0.08, "postal": ["LS1", "LS6", "LS8"], "area": "113"},
        {"city": "Glasgow", "w": 0.08, "postal": ["G1", "G12", "G41"], "area": "141"},
        {"city": "Edinburgh", "w": 0.08, "postal": ["EH1", "EH3", "EH10"], "area": "131"},
        {"city": "Bristol", "w": 0.06, "postal": ["BS1", "BS8", "BS6"], "area": "117"},
        {"city": "Liverpool", "w": 0.06, "postal": ["L1", "L17", "L18"], "area": "151"},
    ],
    "DE": [
        {"city": "Berlin", "w": 0.28, "postal": (10115, 14199), "area": "30"},
        {"city": "Hamburg", "w": 0.15, "postal": (20095, 22769), "area": "40"},
        {"city": "München", "w": 0.15, "postal": (80331, 81929), "area": "89"},
        {"city": "Köln", "w": 0.12, "postal": (50667, 51149), "area": "221"},
        {"city": "Frankfurt am Main", "w": 0.10, "postal": (60306, 60599), "area": "69"},
        {"city": "Stuttgart", "w": 0.07, "postal": (70173, 70619), "area": "711"},
        {"city": "Düsseldorf", "w": 0.07, "postal": (40210, 40629), "area": "211"},
        {"city": "Leipzig", "w": 0.06, "postal": (4103, 4357), "area": "341"},
    ],
    "FR": [
        {"city": "Paris", "w": 0.40, "postal": [75001 + i for i in range(20)] + [75116], "area": "1"},
        {"city": "Lyon", "w": 0.15, "postal": [69001 + i for i in range(9)], "area": "4"},
        {"city": "Marseille", "w": 0.13, "postal": [13001 + i for i in range(16)], "area": "4"},
        {"city": "Toulouse", "w": 0.09, "postal": [31000, 31100, 31200, 31300, 31400, 31500], "area": "5"},
        {"city": "Nice", "w": 0.07, "postal": [6000, 6100, 6200, 6300], "area": "4"},
        {"city": "Nantes", "w": 0.07, "postal": [44000, 44100, 44200, 44300], "area": "2"},
        {"city": "Bordeaux", "w": 0.05, "postal": [33000, 33100, 33200, 33300, 33800], "area": "5"},
        {"city": "Lille", "w": 0.04, "postal": [59000, 59160, 59260, 59777, 59800], "area": "3"},
    ],
    "NL": [
        {"city": "Amsterdam", "w": 0.35, "postal": (1011, 1109), "area": "20"},
        {"city": "Rotterdam", "w": 0.20, "postal": (3011, 3089), "area": "10"},
        {"city": "Den Haag", "w": 0.15, "postal": (2491, 2597), "area": "70"},
        {"city": "Utrecht", "w": 0.14, "postal": (3511, 3585), "area": "30"},
        {"city": "Eindhoven", "w": 0.09, "postal": (5611, 5658), "area": "40"},
        {"city": "Groningen", "w": 0.07, "postal": (9711, 9747), "area": "50"},
    ],
    "US": [
        {"city": "New York", "w": 0.24, "postal": (10001, 10282), "area": ["212", "646", "917"], "tz": "America/New_York"},
        {"city": "Brooklyn", "w": 0.12, "postal": (11201, 11256), "area": ["718", "347"], "tz": "America/New_York"},
        {"city": "Boston", "w": 0.10, "postal": (2108, 2137), "area": ["617", "857"], "tz": "America/New_York"},
        {"city": "Chicago", "w": 0.12, "postal": (60601, 60661), "area": ["312", "773"], "tz": "America/Chicago"},
        {"city": "Austin", "w": 0.08, "postal": (78701, 78759), "area": ["512", "737"], "tz": "America/Chicago"},
        {"city": "Los Angeles", "w": 0.18, "postal": (90001, 90089), "area": ["213", "310", "323"], "tz": "America/Los_Angeles"},
        {"city": "San Francisco", "w": 0.10, "postal": (94102, 94134), "area": ["415", "628"], "tz": "America/Los_Angeles"},
        {"city": "Seattle", "w": 0.06, "postal": (98101, 98199), "area": ["206"], "tz": "America/Los_Angeles"},
    ],
}

STREETS: dict[str, list[str]] = {
    "GB": ["High Street", "Station Road", "Church Lane", "Victoria Road", "Green Lane", "Manor Road",
           "Park Avenue", "Queen's Road", "King Street", "Mill Lane", "Albert Road", "London Road",
           "The Crescent", "Windsor Gardens", "Oakfield Close", "St John's Wood Road", "Elm Grove",
           "Baker Street", "Camden Road", "Portobello Road"],
    "DE": ["Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Dorfstraße", "Bergstraße",
           "Lindenstraße", "Kirchstraße", "Goethestraße", "Schillerstraße", "Mühlenweg", "Am Markt",
           "Friedrichstraße", "Königsallee", "Rosenweg", "Waldstraße", "Ringstraße", "Lessingstraße",
           "Kastanienallee", "Torstraße"],
    "FR": ["rue de la Paix", "rue Victor Hugo", "avenue des Champs-Élysées", "boulevard Saint-Michel",
           "rue de la République", "rue du Moulin", "place de l'Église", "rue des Écoles", "avenue Jean Jaurès",
           "rue Pasteur", "rue Nationale", "allée des Tilleuls", "chemin des Vignes", "rue de Rivoli",
           "rue Gambetta", "quai de la Loire", "rue Lafayette", "boulevard Haussmann", "rue Saint-Honoré",
           "impasse des Lilas"],
    "NL": ["Kerkstraat", "Schoolstraat", "Molenweg", "Dorpsstraat", "Stationsweg", "Prinsengracht",
           "Keizersgracht", "Herengracht", "Julianalaan", "Beatrixstraat", "Wilhelminastraat", "Nieuwstraat",
           "Marktplein", "Eikenlaan", "Beukenlaan", "Van Goghstraat", "Rembrandtplein", "Lindelaan",
           "Parkweg", "Oranjestraat"],
    "US": ["Main St", "Oak St", "Maple Ave", "Park Ave", "Elm St", "Washington St", "Lake St", "Cedar Ln",
           "Pine St", "Broadway", "2nd Ave", "5th Ave", "Sunset Blvd", "Mission St", "Lincoln Ave",
           "Highland Ave", "Madison Ave", "Jefferson St", "Church St", "Hillcrest Dr"],
}

EMAIL_DOMAINS: dict[str, list[str]] = {
    "GB": ["gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "btinternet.com", "icloud.com", "sky.com"],
    "DE": ["gmail.com", "web.de", "gmx.de", "t-online.de", "gmx.net", "outlook.de", "posteo.de"],
    "FR": ["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net", "sfr.fr", "wanadoo.fr"],
    "NL": ["gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.nl", "outlook.com", "live.nl", "xs4all.nl"],
    "US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "comcast.net", "hotmail.com"],
}

# Phone numbering: mobile national significant number (NSN) prefixes and digit groups per country.
# groups: how the national number is written (digits per group after the trunk "0").
PHONE_PLANS: dict[str, dict] = {
    "GB": {"mobile_prefixes": ["74", "75", "77", "78", "79"], "mobile_len": 10, "mobile_groups": [4, 6],
           "landline_len": 10, "trunk": "0"},
    "DE": {"mobile_prefixes": ["151", "152", "157", "160", "162", "170", "171", "172", "176", "177", "179"],
           "mobile_len": 11, "mobile_groups": [3, 8], "landline_len": 10, "trunk": "0"},
    "FR": {"mobile_prefixes": ["6", "7"], "mobile_len": 9, "mobile_groups": [1, 2, 2, 2, 2], "landline_len": 9,
           "trunk": "0"},
    "NL": {"mobile_prefixes": ["6"], "mobile_len": 9, "mobile_groups": [1, 8], "landline_len": 9, "trunk": "0"},
    "US": {"mobile_prefixes": [], "mobile_len": 10, "mobile_groups": [3, 3, 4], "landline_len": 10, "trunk": ""},
}

# ---------------------------------------------------------------------------------------------
# Stores (~20): id, name, country, city, time zone, currency
# ---------------------------------------------------------------------------------------------
STORES: list[dict] = [
    {"store_id": "ST01", "store_name": "London Oxford Street", "country_code": "GB", "city": "London", "timezone": "Europe/London"},
    {"store_id": "ST02", "store_name": "London Canary Wharf", "country_code": "GB", "city": "London", "timezone": "Europe/London"},
    {"store_id": "ST03", "store_name": "Manchester Arndale", "country_code": "GB", "city": "Manchester", "timezone": "Europe/London"},
    {"store_id": "ST04", "store_name": "Birmingham Bullring", "country_code": "GB", "city": "Birmingham", "timezone": "Europe/London"},
    {"store_id": "ST05", "store_name": "Edinburgh Princes Street", "country_code": "GB", "city": "Edinburgh", "timezone": "Europe/London"},
    {"store_id": "ST06", "store_name": "Berlin Alexanderplatz", "country_code": "DE", "city": "Berlin", "timezone": "Europe/Berlin"},
    {"store_id": "ST07", "store_name": "Hamburg Mönckebergstraße", "country_code": "DE", "city": "Hamburg", "timezone": "Europe/Berlin"},
    {"store_id": "ST08", "store_name": "München Kaufingerstraße", "country_code": "DE", "city": "München", "timezone": "Europe/Berlin"},
    {"store_id": "ST09", "store_name": "Köln Schildergasse", "country_code": "DE", "city": "Köln", "timezone": "Europe/Berlin"},
    {"store_id": "ST10", "store_name": "Frankfurt Zeil", "country_code": "DE", "city": "Frankfurt am Main", "timezone": "Europe/Berlin"},
    {"store_id": "ST11", "store_name": "Paris Rivoli", "country_code": "FR", "city": "Paris", "timezone": "Europe/Paris"},
    {"store_id": "ST12", "store_name": "Paris La Défense", "country_code": "FR", "city": "Paris", "timezone": "Europe/Paris"},
    {"store_id": "ST13", "store_name": "Lyon Part-Dieu", "country_code": "FR", "city": "Lyon", "timezone": "Europe/Paris"},
    {"store_id": "ST14", "store_name": "Marseille Terrasses du Port", "country_code": "FR", "city": "Marseille", "timezone": "Europe/Paris"},
    {"store_id": "ST15", "store_name": "Amsterdam Kalverstraat", "country_code": "NL", "city": "Amsterdam", "timezone": "Europe/Amsterdam"},
    {"store_id": "ST16", "store_name": "Rotterdam Lijnbaan", "country_code": "NL", "city": "Rotterdam", "timezone": "Europe/Amsterdam"},
    {"store_id": "ST17", "store_name": "Utrecht Hoog Catharijne", "country_code": "NL", "city": "Utrecht", "timezone": "Europe/Amsterdam"},
    {"store_id": "ST18", "store_name": "New York SoHo", "country_code": "US", "city": "New York", "timezone": "America/New_York"},
    {"store_id": "ST19", "store_name": "Brooklyn Williamsburg", "country_code": "US", "city": "Brooklyn", "timezone": "America/New_York"},
    {"store_id": "ST20", "store_name": "Los Angeles Grove", "country_code": "US", "city": "Los Angeles", "timezone": "America/Los_Angeles"},
    {"store_id": "ST21", "store_name": "San Francisco Union Square", "country_code": "US", "city": "San Francisco", "timezone": "America/Los_Angeles"},
]
for _s in STORES:
    _s["currency_code"] = COUNTRIES[_s["country_code"]]["currency"]

# store ids that do not exist (the unknown_store defect)
UNKNOWN_STORE_IDS = ["ST99", "ST00", "ST-TEST"]

# ---------------------------------------------------------------------------------------------
# Product taxonomy: category -> subcategories (web label, store code, consumable, price range EUR, nouns)
# ---------------------------------------------------------------------------------------------
TAXONOMY: list[dict] = [
    {"category": "Women", "subs": [
        ("Shoes", "WSHOE", False, (39, 180), ["Ankle Boots", "Ballet Flats", "Sneakers", "Sandals", "Loafers"]),
        ("Dresses", "WDRES", False, (29, 160), ["Wrap Dress", "Midi Dress", "Shirt Dress", "Maxi Dress"]),
        ("Tops", "WTOPS", False, (15, 70), ["Blouse", "T-Shirt", "Knit Sweater", "Cardigan"]),
        ("Accessories", "WACCS", False, (12, 120), ["Tote Bag", "Scarf", "Belt", "Crossbody Bag"]),
    ]},
    {"category": "Men", "subs": [
        ("Shoes", "MSHOE", False, (49, 190), ["Derby Shoes", "Chelsea Boots", "Trainers", "Loafers"]),
        ("Shirts", "MSHRT", False, (25, 90), ["Oxford Shirt", "Polo Shirt", "Linen Shirt", "Flannel Shirt"]),
        ("Trousers", "MTROU", False, (35, 120), ["Chinos", "Jeans", "Cargo Trousers", "Suit Trousers"]),
        ("Accessories", "MACCS", False, (15, 150), ["Leather Belt", "Wallet", "Watch", "Beanie"]),
    ]},
    {"category": "Kids", "subs": [
        ("Clothing", "KCLOT", False, (9, 45), ["Hoodie", "Dungarees", "Pyjamas", "Rain Jacket"]),
        ("Toys", "KTOYS", False, (8, 80), ["Building Set", "Plush Bear", "Puzzle", "Wooden Train"]),
        ("Shoes", "KSHOE", False, (25, 60), ["Light-up Trainers", "Wellies", "School Shoes"]),
    ]},
    {"category": "Home", "subs": [
        ("Kitchen", "HKITC", False, (12, 220), ["Chef's Knife", "Cast Iron Pan", "Espresso Cups", "Cutting Board"]),
        ("Bedding", "HBEDD", False, (25, 180), ["Duvet Cover", "Pillow", "Linen Sheets", "Throw Blanket"]),
        ("Decor", "HDECO", False, (10, 140), ["Scented Candle", "Vase", "Picture Frame", "Cushion"]),
    ]},
    {"category": "Beauty", "subs": [
        ("Skincare", "BSKIN", True, (8, 65), ["Face Cream", "Serum", "Cleanser", "Sun Screen SPF50"]),
        ("Makeup", "BMAKE", True, (7, 45), ["Mascara", "Lipstick", "Foundation", "Eyeliner"]),
        ("Fragrance", "BFRAG", True, (29, 120), ["Eau de Parfum", "Eau de Toilette", "Body Mist"]),
    ]},
    {"category": "Sports", "subs": [
        ("Running", "SRUNN", False, (15, 160), ["Running Shoes", "Running Tights", "Running Socks", "GPS Watch"]),
        ("Fitness", "SFITN", False, (10, 250), ["Yoga Mat", "Dumbbells", "Resistance Bands", "Kettlebell"]),
        ("Outdoor", "SOUTD", False, (20, 300), ["Hiking Boots", "Rain Shell", "Backpack", "Tent"]),
    ]},
    {"category": "Electronics", "subs": [
        ("Audio", "EAUDI", False, (25, 350), ["Wireless Earbuds", "Headphones", "Bluetooth Speaker"]),
        ("Phones", "EPHON", False, (9, 900), ["Smartphone", "Phone Case", "Screen Protector", "Charger"]),
        ("Computing", "ECOMP", False, (15, 1400), ["Laptop", "Wireless Mouse", "Keyboard", "USB-C Hub"]),
    ]},
    {"category": "Food & Drink", "subs": [
        ("Coffee & Tea", "FCOFF", True, (5, 30), ["Espresso Beans", "Ground Coffee", "Green Tea", "Chai"]),
        ("Snacks", "FSNAC", True, (2, 15), ["Dark Chocolate", "Granola", "Salted Almonds", "Biscuits"]),
        ("Wine", "FWINE", True, (8, 60), ["Rioja", "Sauvignon Blanc", "Champagne", "Pinot Noir"]),
    ]},
]
CATEGORIES = [c["category"] for c in TAXONOMY]

# legacy web labels still carried by some products (mapped in the seed)
LEGACY_WEB_LABELS = {("Home", "Kitchen"): "Home & Living > Kitchen", ("Electronics", "Audio"): "Tech > Audio"}
# labels deliberately missing from the category_mapping seed (has_unmapped_category)
UNMAPPED_WEB_LABEL = "Sale > Last Chance"
UNMAPPED_STORE_CODE = "MISC"

BRANDS = ["Nordby", "Atelier Lune", "Brightwater", "Kestrel", "Vanderveld", "Maison Aurèle", "Fjordlys",
          "Oak & Ember", "Stadtkind", "Peregrine", "Blauwe Reiger", "Hollis & Finch", "Sonnenhof", "Cobalt",
          "Lumière", "Greystone", "Wildmoor", "Ember Lane", "Tidewell", "Kieselstein", "Rivière", "Northfield"]
ADJECTIVES = ["Classic", "Essential", "Premium", "Organic", "Everyday", "Signature", "Urban", "Heritage", "Light",
              "Pro", "Soft", "Recycled"]

# ---------------------------------------------------------------------------------------------
# Currency rates: one unit of the currency in EUR, weekly from Monday 2023-01-02 to 2026-12-28
# ---------------------------------------------------------------------------------------------
RATE_START = dt.date(2023, 1, 2)
RATE_END = dt.date(2026, 12, 28)
RATE_ANCHORS = {"EUR": 1.0, "GBP": 1.16, "USD": 0.92}


def currency_rates() -> list[tuple[str, dt.date, float]]:
    """Weekly rates (a fixed random walk, independent of the run seed)."""
    rng = np.random.default_rng(20230102)
    n_weeks = (RATE_END - RATE_START).days // 7 + 1
    dates = [RATE_START + dt.timedelta(days=7 * i) for i in range(n_weeks)]
    rows = []
    for cur, anchor in RATE_ANCHORS.items():
        if cur == "EUR":
            values = np.ones(n_weeks)
        else:
            steps = rng.normal(0, 0.006, n_weeks)
            walk = np.cumsum(steps)
            walk -= np.linspace(0, walk[-1], n_weeks) * 0.8  # keep the series near its anchor
            values = anchor * np.exp(walk)
        rows.extend((cur, d, round(float(v), 4)) for d, v in zip(dates, values))
    return rows
