from django.db import migrations

# The 16 voivodeships: TERYT code, Polish name, ASCII slug.
REGIONS = [
    ("02", "dolnośląskie", "dolnoslaskie"),
    ("04", "kujawsko-pomorskie", "kujawsko-pomorskie"),
    ("06", "lubelskie", "lubelskie"),
    ("08", "lubuskie", "lubuskie"),
    ("10", "łódzkie", "lodzkie"),
    ("12", "małopolskie", "malopolskie"),
    ("14", "mazowieckie", "mazowieckie"),
    ("16", "opolskie", "opolskie"),
    ("18", "podkarpackie", "podkarpackie"),
    ("20", "podlaskie", "podlaskie"),
    ("22", "pomorskie", "pomorskie"),
    ("24", "śląskie", "slaskie"),
    ("26", "świętokrzyskie", "swietokrzyskie"),
    ("28", "warmińsko-mazurskie", "warminsko-mazurskie"),
    ("30", "wielkopolskie", "wielkopolskie"),
    ("32", "zachodniopomorskie", "zachodniopomorskie"),
]


def create_regions(apps, schema_editor):
    Region = apps.get_model("network", "Region")
    for teryt, name, slug in REGIONS:
        Region.objects.update_or_create(teryt=teryt, defaults={"name": name, "slug": slug})


def remove_regions(apps, schema_editor):
    Region = apps.get_model("network", "Region")
    Region.objects.filter(teryt__in=[teryt for teryt, _name, _slug in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(create_regions, remove_regions)]
