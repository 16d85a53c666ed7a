from django.contrib import admin

from gemeinwerk.market.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["name_de", "name_pl", "name_en", "position", "active"]
    list_editable = ["position", "active"]
    prepopulated_fields = {"slug": ["name_en"]}
