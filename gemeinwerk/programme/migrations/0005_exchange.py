import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0004_merge_0003_evaluation_0003_profile"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExchangeItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("offer", "Offer"), ("need", "Need")],
                        max_length=10,
                        verbose_name="offer or need",
                    ),
                ),
                ("title", models.CharField(max_length=120, verbose_name="title")),
                (
                    "description",
                    models.TextField(blank=True, max_length=2000, verbose_name="description"),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("workspace", "Workshop space"),
                            ("furniture", "Furniture"),
                            ("volunteers", "Volunteers"),
                            ("materials", "Materials"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="category",
                    ),
                ),
                (
                    "quantity",
                    models.PositiveIntegerField(
                        default=1,
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="quantity",
                    ),
                ),
                (
                    "mode",
                    models.CharField(
                        choices=[("loan", "Loan"), ("give_away", "Give away")],
                        max_length=10,
                        verbose_name="loan or give away",
                    ),
                ),
                (
                    "available_until",
                    models.DateField(blank=True, null=True, verbose_name="available until"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("agreed", "Agreed"), ("closed", "Closed")],
                        default="open",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "return_date",
                    models.DateField(blank=True, null=True, verbose_name="return date"),
                ),
                (
                    "returned_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="returned"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="created"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "facility",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exchange_items",
                        to="programme.facility",
                        verbose_name="facility",
                    ),
                ),
            ],
            options={
                "verbose_name": "exchange point item",
                "verbose_name_plural": "exchange point items",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["status", "kind", "category"], name="programme_exchange_list"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("quantity__gte", 1)),
                        name="programme_exchange_quantity_positive",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("mode", "loan"),
                            models.Q(("return_date__isnull", True), ("returned_at__isnull", True)),
                            _connector="OR",
                        ),
                        name="programme_exchange_return_only_for_loans",
                    ),
                ],
            },
        ),
    ]
