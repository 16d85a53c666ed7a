import django.db.models
from django.db import migrations

import gemeinwerk.core.text


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0002_host_invitations_and_office_moves"),
    ]

    operations = [
        migrations.AddField(
            model_name="joinrequest",
            name="office_notified_at",
            field=django.db.models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="group",
            name="name",
            field=django.db.models.CharField(
                max_length=120,
                validators=[gemeinwerk.core.text.validate_no_control_characters],
                verbose_name="name",
            ),
        ),
    ]
