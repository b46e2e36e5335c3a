"""Per-country name, street and city data for seeded customers (of both upstreams)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    locale: str
    phone_prefix: str
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]  # "{n}" is the house number
    cities: tuple[tuple[str, str, str], ...]  # city, postal code, state/province (<= 3 chars)
    company_suffixes: tuple[str, ...]
    email_domains: tuple[str, ...]

    def street(self, rng: random.Random) -> str:
        return rng.choice(self.streets).format(n=rng.randrange(1, 250))

    def phone(self, rng: random.Random) -> str:
        return f"{self.phone_prefix} {rng.randrange(10, 99)} {rng.randrange(10**6, 10**7)}"


def handle(text: str) -> str:
    """`text` as ASCII lowercase letters and digits, for email handles and codes."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


COUNTRIES = (
    Country(
        "GB", "en-GB", "+44",
        ("Oliver", "Amelia", "Harry", "Isla", "George", "Olivia", "Jack", "Emily", "Charlotte",
         "Arthur"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Watson", "Hudson",
         "Moran"),
        ("{n} High Street", "{n} Station Road", "{n} Church Lane", "{n} Victoria Road"),
        (("London", "SW1A 1AA", "LND"), ("Manchester", "M1 1AE", "MAN"), ("Bristol", "BS1 4DJ",
         "BST"), ("Leeds", "LS1 4AP", "LDS"), ("Edinburgh", "EH1 1YZ", "EDH")),
        ("Ltd", "plc", "& Sons"),
        ("example.co.uk", "mail.example.com"),
    ),
    Country(
        "IT", "it-IT", "+39",
        ("Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Sofia", "Niccolò", "Aurora",
         "Andrea"),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
         "Greco"),
        ("Via Roma {n}", "Corso Italia {n}", "Via Garibaldi {n}", "Piazza Duomo {n}"),
        (("Milano", "20121", "MI"), ("Roma", "00184", "RM"), ("Torino", "10121", "TO"), ("Napoli",
         "80133", "NA"), ("Firenze", "50122", "FI")),
        ("S.r.l.", "S.p.A.", "S.n.c."),
        ("example.it", "posta.example.com"),
    ),
    Country(
        "FR", "fr-FR", "+33",
        ("Léa", "Hugo", "Chloé", "Louis", "Manon", "Gabriel", "Camille", "Jules", "Inès", "Théo"),
        ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Lefèvre",
         "Moreau"),
        ("{n} rue de Rivoli", "{n} avenue Jean Jaurès", "{n} boulevard Voltaire",
         "{n} rue Victor Hugo"),
        (("Paris", "75001", ""), ("Lyon", "69002", ""), ("Marseille", "13001", ""), ("Toulouse",
         "31000", ""), ("Nantes", "44000", "")),
        ("SARL", "SAS", "SA"),
        ("example.fr", "courriel.example.com"),
    ),
    Country(
        "DE", "de-DE", "+49",
        ("Lukas", "Anna", "Jonas", "Lena", "Felix", "Marie", "Maximilian", "Sophie", "Paul",
         "Jürgen"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Hoffmann", "Koch"),
        ("Hauptstraße {n}", "Bahnhofstraße {n}", "Schulstraße {n}", "Gartenweg {n}"),
        (("Berlin", "10115", "BE"), ("München", "80331", "BY"), ("Hamburg", "20095", "HH"), ("Köln",
         "50667", "NW"), ("Frankfurt am Main", "60311", "HE")),
        ("GmbH", "AG", "KG"),
        ("example.de", "post.example.com"),
    ),
    Country(
        "ES", "es-ES", "+34",
        ("Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Pablo", "Valeria", "Álvaro", "Carmen",
         "Javier"),
        ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
         "Gómez", "Núñez"),
        ("Calle Mayor {n}", "Avenida de la Constitución {n}", "Calle Real {n}", 
         "Paseo del Prado {n}"),
        (("Madrid", "28013", "M"), ("Barcelona", "08002", "B"), ("Valencia", "46002", "V"),
         ("Sevilla", "41004", "SE"), ("Bilbao", "48001", "BI")),
        ("S.L.", "S.A."),
        ("example.es", "correo.example.com"),
    ),
    Country(
        "US", "en-US", "+1",
        ("James", "Mary", "Michael", "Patricia", "Robert", "Jennifer", "David", "Linda", "Ethan",
         "Ava"),
        ("Johnson", "Miller", "Davis", "Garcia", "Anderson", "Clark", "Lewis", "Walker", "Young",
         "King"),
        ("{n} Main Street", "{n} Oak Avenue", "{n} Maple Drive", "{n} Washington Blvd"),
        (("New York", "10001", "NY"), ("San Francisco", "94103", "CA"), ("Chicago", "60601", "IL"),
         ("Austin", "78701", "TX"), ("Boston", "02108", "MA")),
        ("Inc.", "LLC", "Corp."),
        ("example.com", "mail.example.net"),
    ),
    Country(
        "NL", "nl-NL", "+31",
        ("Daan", "Emma", "Sem", "Julia", "Lucas", "Mila", "Finn", "Tess", "Bram", "Sanne"),
        ("de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
         "de Boer", "Mulder"),
        ("Kerkstraat {n}", "Dorpsstraat {n}", "Molenweg {n}", "Keizersgracht {n}"),
        (("Amsterdam", "1012 JS", "NH"), ("Rotterdam", "3011 AD", "ZH"), ("Utrecht", "3511 LX",
         "UT"), ("Eindhoven", "5611 AB", "NB"), ("Groningen", "9711 LV", "GR")),
        ("B.V.", "N.V."),
        ("example.nl",),
    ),
    Country(
        "IE", "en-IE", "+353",
        ("Seán", "Aoife", "Conor", "Saoirse", "Cian", "Niamh", "Oisín", "Ciara", "Darragh",
         "Róisín"),
        ("Murphy", "Kelly", "O'Sullivan", "Walsh", "O'Brien", "Byrne", "Ryan", "O'Connor", "Doyle",
         "McCarthy"),
        ("{n} Main Street", "{n} Church Road", "{n} Green Lane", "{n} Harbour Road"),
        (("Dublin", "D02 X285", "D"), ("Cork", "T12 RX2Y", "CO"), ("Galway", "H91 E2K3", "G"),
         ("Limerick", "V94 T9PX", "LK")),
        ("Ltd", "DAC"),
        ("example.ie",),
    ),
)  # fmt: skip
