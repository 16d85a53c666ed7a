from django.urls import path

from gemeinwerk.programme import evaluation_views

app_name = "evaluations"

# The programme office's pages of the self-evaluation, under /staff/programme/evaluations/.
urlpatterns = [
    path("", evaluation_views.waiting, name="waiting"),
    path("<int:pk>/", evaluation_views.review, name="review"),
    path("<int:pk>/accept/", evaluation_views.accept, name="accept"),
    path("surveys/", evaluation_views.surveys, name="surveys"),
    path("surveys/<int:pk>/", evaluation_views.survey, name="survey"),
    path("surveys/<int:pk>/publish/", evaluation_views.publish, name="publish"),
    path("questions/<int:pk>/", evaluation_views.question, name="question"),
    path("questions/<int:pk>/delete/", evaluation_views.delete_question, name="delete_question"),
]
