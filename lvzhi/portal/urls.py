from django.urls import path

from lvzhi.portal import views, views_public

app_name = "portal"
urlpatterns = [
    path("c/<slug:committee>/portal/", views.articles, name="articles"),
    path("c/<slug:committee>/portal/new/", views.article_create, name="article_create"),
    path("c/<slug:committee>/portal/from-summary/", views.from_summary, name="from_summary"),
    path("c/<slug:committee>/portal/blocked-words/", views.blocked_words, name="blocked_words"),
    path(
        "c/<slug:committee>/portal/blocked-words/<int:pk>/delete/",
        views.blocked_word_delete,
        name="blocked_word_delete",
    ),
    path("c/<slug:committee>/portal/<int:pk>/", views.article_detail, name="article"),
    path("c/<slug:committee>/portal/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("c/<slug:committee>/portal/<int:pk>/submit/", views.article_submit, name="article_submit"),
    path("c/<slug:committee>/portal/<int:pk>/review/", views.article_review, name="article_review"),
    path("c/<slug:committee>/portal/<int:pk>/unpublish/", views.article_unpublish, name="article_unpublish"),
    path("c/<slug:committee>/portal/<int:pk>/images/", views.image_add, name="image_add"),
    path("c/<slug:committee>/portal/images/<int:pk>/delete/", views.image_delete, name="image_delete"),
    # The public pages: no login, only published articles, cacheable.
    path("p/<slug:committee>/", views_public.article_list, name="public_list"),
    path("p/<slug:committee>/feed/", views_public.ArticleFeed(), name="feed"),
    path("p/<slug:committee>/<int:pk>/", views_public.article_page, name="public_article"),
    path("p/<slug:committee>/images/<int:pk>/", views_public.image, name="image"),
]
