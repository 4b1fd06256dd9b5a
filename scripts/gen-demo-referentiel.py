#!/usr/bin/env python3
"""gen-demo-referentiel.py - write the EXAMPLE référentiel of the shipped demo.

The référentiel of a millésime (axes -> enjeux -> usages -> services) comes
from the platform's Services export; it is not published, so the demo ships an
example in its shape (tests/cases/23-json-real-precision/referentiel.json):

  - the 4 axes and the 15 enjeux that the règlement of the label names, with
    their real names;
  - the sixteenth enjeu, announced but not named by the règlement, filled with
    an enjeu labelled as an example: 3.3 "Savoirs partagés (enjeu d'exemple)";
  - 2 or 3 usages per enjeu and 139 plausible services (the count the
    rules.json of label 2018 announces), numbered S001 to S139 in order.
    The usages and services are examples, not the official list.

Usage, from the repository root:
  scripts/gen-demo-referentiel.py [-o FILE]     (default input/demo/2018/referentiel.json)

The output is UTF-8 JSON, two-space indented, keys in the order of the format;
it depends on nothing but this file.  Python 3 standard library only.
"""

import argparse
import json
import os
import sys
import tempfile

MILLESIME = 2018
SERVICES = 139

NOTE = ("Référentiel d'exemple, pas le référentiel officiel du label 2018 : les 4 axes "
        "et les 15 enjeux nommés par le règlement sont réels ; le règlement annonce 16 "
        "enjeux sans nommer le seizième, remplacé ici par l'enjeu 3.3 « Savoirs partagés "
        "(enjeu d'exemple) » ; les usages et les 139 services (le nombre annoncé) sont "
        "des exemples plausibles écrits pour la démonstration.")

# (axe, [(enjeu, [(usage, [service, ...]), ...]), ...])
REFERENTIEL = [
    ("Démocratie et services publics", [
        ("Démocratie locale", [
            ("Information sur la vie municipale", [
                "Retransmission des conseils en ligne",
                "Publication des délibérations et arrêtés",
                "Lettre d'information électronique"]),
            ("Participation des habitants", [
                "Budget participatif en ligne",
                "Consultations publiques en ligne",
                "Conseils de quartier et de jeunes en ligne",
                "Pétitions et interpellations citoyennes"]),
            ("Transparence de l'action publique", [
                "Données budgétaires ouvertes",
                "Suivi des engagements de mandat en ligne"])]),
        ("Services publics", [
            ("Démarches en ligne", [
                "Guichet unique des démarches",
                "Demande d'actes d'état civil en ligne",
                "Inscriptions scolaires et périscolaires en ligne",
                "Paiement en ligne des services"]),
            ("Relation avec les usagers", [
                "Prise de rendez-vous en ligne",
                "Signalement de problèmes sur l'espace public",
                "Suivi des demandes des usagers"]),
            ("Administration numérique", [
                "Dématérialisation des marchés publics",
                "Parapheur et signature électroniques"])]),
        ("Identité", [
            ("Présence en ligne", [
                "Site internet de la collectivité",
                "Site consultable sur mobile",
                "Accessibilité numérique du site"]),
            ("Image et communication", [
                "Comptes sur les réseaux sociaux",
                "Web TV et vidéos locales",
                "Application mobile de la collectivité"]),
            ("Mémoire du territoire", [
                "Photothèque en ligne",
                "Histoire locale en ligne"])]),
        ("Coopération", [
            ("Mutualisation", [
                "Services informatiques partagés avec l'intercommunalité",
                "Groupements de commandes numériques",
                "Logiciels libres partagés entre collectivités"]),
            ("Réseaux et partenariats", [
                "Coopération décentralisée en ligne",
                "Participation à des réseaux de collectivités",
                "Jumelages en ligne"]),
            ("Données partagées", [
                "Système d'information géographique partagé",
                "Entrepôt de données intercommunal"])]),
    ]),
    ("Vivre ensemble", [
        ("Vie quotidienne", [
            ("Mobilité", [
                "Horaires des transports en temps réel",
                "Covoiturage et autopartage",
                "Stationnement guidé"]),
            ("Cadre de vie", [
                "Calendrier et alertes de collecte des déchets",
                "Alertes et informations de crise par SMS",
                "Plan interactif de la commune"]),
            ("Famille et petite enfance", [
                "Portail famille",
                "Réservation de la restauration scolaire",
                "Demande de place en crèche"])]),
        ("Solidarités", [
            ("Autonomie et santé", [
                "Téléassistance des personnes âgées",
                "Annuaire de l'offre de soins",
                "Portage de repas réservé en ligne"]),
            ("Accès aux droits", [
                "Point d'accès aux droits numériques",
                "Aide aux démarches en ligne des allocataires",
                "Messagerie et domiciliation des personnes sans domicile"]),
            ("Handicap", [
                "Accueil en langue des signes en ligne",
                "Transport adapté réservé en ligne",
                "Postes adaptés dans les espaces publics numériques"])]),
        ("Cohésion sociale", [
            ("Quartiers", [
                "Espaces numériques dans les quartiers prioritaires",
                "Projets vidéo avec les habitants",
                "Jardins et lieux partagés réservés en ligne"]),
            ("Générations", [
                "Ateliers intergénérationnels",
                "Réseau d'entraide entre voisins",
                "Accueil numérique des nouveaux arrivants"]),
            ("Égalité", [
                "Prévention du cyberharcèlement",
                "Égalité femmes-hommes dans le numérique",
                "Inclusion numérique des personnes étrangères"])]),
        ("Médiation", [
            ("Lieux de médiation", [
                "Espace public numérique",
                "Accès libre accompagné",
                "Médiathèque numérique"]),
            ("Accompagnement des publics", [
                "Ateliers de médiation numérique",
                "Conseillers numériques",
                "Permanences d'aide informatique"]),
            ("Formation", [
                "Initiation des seniors au numérique",
                "Passeport numérique",
                "Formation des agents au numérique"])]),
        ("Vie associative", [
            ("Annuaire et information", [
                "Annuaire des associations en ligne",
                "Agenda partagé des associations",
                "Forum des associations en ligne"]),
            ("Soutien aux associations", [
                "Demande de subvention en ligne",
                "Réservation de salles et de matériel",
                "Formation des bénévoles au numérique"]),
            ("Bénévolat", [
                "Plateforme de bénévolat",
                "Bourse aux compétences"])]),
    ]),
    ("Partage des connaissances", [
        ("Éducation", [
            ("Écoles", [
                "Équipement numérique des écoles",
                "Espace numérique de travail",
                "Écrans interactifs en classe"]),
            ("Activités éducatives", [
                "Éducation aux médias et à l'information",
                "Initiation à la programmation",
                "Ateliers numériques périscolaires"]),
            ("Jeunesse", [
                "Point information jeunesse en ligne",
                "Fablab des jeunes",
                "Orientation et stages en ligne"])]),
        ("Culture et patrimoine", [
            ("Patrimoine", [
                "Visites virtuelles du patrimoine",
                "Numérisation des archives",
                "Parcours patrimoniaux en réalité augmentée"]),
            ("Offre culturelle", [
                "Portail des bibliothèques",
                "Billetterie en ligne",
                "Ressources numériques en bibliothèque"]),
            ("Création", [
                "Résidences d'artistes numériques",
                "Festival et événements numériques",
                "Arts numériques dans l'espace public"])]),
        ("Savoirs partagés (enjeu d'exemple)", [
            ("Contenus ouverts", [
                "Contributions à l'encyclopédie libre",
                "Cartographie collaborative",
                "Ressources pédagogiques libres"]),
            ("Sciences et techniques", [
                "Conférences en ligne",
                "Sciences participatives",
                "Culture scientifique pour tous"]),
            ("Logiciels libres", [
                "Install-parties et logiciels libres",
                "Dons de matériel reconditionné"])]),
    ]),
    ("Création de richesses", [
        ("Emploi", [
            ("Recherche d'emploi", [
                "Offres d'emploi locales en ligne",
                "Ateliers de recherche d'emploi en ligne",
                "Candidature en ligne aux postes de la collectivité"]),
            ("Insertion", [
                "Chantiers d'insertion numériques",
                "Formation aux métiers du numérique",
                "Clauses d'insertion dans les marchés numériques"]),
            ("Télétravail", [
                "Espaces de télétravail et de coworking",
                "Tiers-lieux",
                "Visio-guichet emploi"])]),
        ("Développement économique", [
            ("Commerce", [
                "Place de marché en ligne du commerce local",
                "Accompagnement numérique des commerçants",
                "Carte cadeau locale dématérialisée"]),
            ("Entreprises", [
                "Annuaire des entreprises",
                "Guichet d'accueil des entreprises en ligne",
                "Pépinière d'entreprises numériques"]),
            ("Infrastructures", [
                "Très haut débit",
                "Wi-Fi public",
                "Réseau d'initiative publique"])]),
        ("Attractivité", [
            ("Tourisme", [
                "Office de tourisme en ligne",
                "Réservation d'hébergements en ligne",
                "Parcours touristiques numériques"]),
            ("Marketing territorial", [
                "Marque de territoire en ligne",
                "Portail d'accueil des nouveaux habitants",
                "Valorisation des événements en ligne"]),
            ("Circuits courts", [
                "Vente directe des producteurs locaux en ligne",
                "Marchés locaux en ligne"])]),
        ("Innovation", [
            ("Expérimentation", [
                "Fablab",
                "Laboratoire d'innovation publique",
                "Appels à projets innovants"]),
            ("Données", [
                "Données ouvertes",
                "Capteurs et ville connectée",
                "Gestion énergétique connectée des bâtiments"]),
            ("Environnement", [
                "Suivi de la qualité de l'air",
                "Éclairage public intelligent",
                "Sobriété numérique"])]),
    ]),
]


def build():
    """The référentiel as a JSON-ready dict, services numbered S001... in order."""
    n = 0
    axes = []
    for ia, (axe, enjeux) in enumerate(REFERENTIEL, 1):
        ej = []
        for ie, (enjeu, usages) in enumerate(enjeux, 1):
            us = []
            for iu, (usage, services) in enumerate(usages, 1):
                sv = []
                for s in services:
                    n += 1
                    sv.append({"id": "S%03d" % n, "nom": s})
                us.append({"id": "%d.%d.%d" % (ia, ie, iu), "nom": usage, "services": sv})
            ej.append({"id": "%d.%d" % (ia, ie), "nom": enjeu, "usages": us})
        axes.append({"id": str(ia), "nom": axe, "enjeux": ej})
    return {"millesime": MILLESIME, "exemple": True, "note": NOTE, "axes": axes}


def check(ref):
    """The counts this example promises; an AssertionError is a bug here."""
    enjeux = [e for a in ref["axes"] for e in a["enjeux"]]
    services = [s for e in enjeux for u in e["usages"] for s in u["services"]]
    assert len(ref["axes"]) == 4
    assert len(enjeux) == 16
    assert all(2 <= len(e["usages"]) <= 3 for e in enjeux)
    assert len(services) == SERVICES
    assert len({s["nom"] for s in services}) == SERVICES


def main():
    p = argparse.ArgumentParser(prog="gen-demo-referentiel",
                                description="Write the example référentiel of the demo.")
    p.add_argument("-o", "--output", default="input/demo/2018/referentiel.json")
    args = p.parse_args()
    ref = build()
    check(ref)
    text = json.dumps(ref, ensure_ascii=False, indent=2) + "\n"
    folder = os.path.dirname(args.output) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)   # mkstemp makes it 0600
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, args.output)
    sys.stderr.write("gen-demo-referentiel: %s: 4 axes, 16 enjeux, %d services\n"
                     % (args.output, SERVICES))


if __name__ == "__main__":
    main()
