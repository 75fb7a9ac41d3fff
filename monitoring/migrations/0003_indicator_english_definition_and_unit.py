from django.db import migrations, models


class Migration(migrations.Migration):
    """The indicator's definition and unit, in Polish as before and now in English too (like its
    name): the existing texts become the Polish ones; the English ones start empty, and the
    Polish ones are shown in their place until they are filled in."""

    dependencies = [
        ("monitoring", "0002_import_dataset"),
    ]

    operations = [
        migrations.RenameField(
            model_name="indicator",
            old_name="definition",
            new_name="definition_pl",
        ),
        migrations.RenameField(
            model_name="indicator",
            old_name="unit",
            new_name="unit_pl",
        ),
        migrations.AlterField(
            model_name="indicator",
            name="definition_pl",
            field=models.TextField(blank=True, verbose_name="definition (Polish)"),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="unit_pl",
            field=models.CharField(blank=True, max_length=40, verbose_name="unit (Polish)"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="definition_en",
            field=models.TextField(
                blank=True,
                help_text="Empty: the Polish one is shown.",
                verbose_name="definition (English)",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="unit_en",
            field=models.CharField(
                blank=True,
                help_text="Empty: the Polish one is shown.",
                max_length=40,
                verbose_name="unit (English)",
            ),
        ),
    ]
