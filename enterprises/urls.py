from django.urls import path

from enterprises.views import key_list, maps, targets, upload

app_name = "enterprises"

urlpatterns = [
    path("", targets.target_list, name="list"),
    path("new/", targets.target_create, name="create"),
    path("<int:pk>/", targets.target_detail, name="detail"),
    path("<int:pk>/edit/", targets.target_edit, name="edit"),
    path("<int:pk>/stage/", targets.target_stage, name="stage"),
    path("<int:pk>/contact/", targets.target_contact, name="contact"),
    path("<int:pk>/link-activity/", targets.target_link_activity, name="link_activity"),
    path("<int:pk>/convert/", targets.target_convert, name="convert"),
    path("key-list/", key_list.key_list, name="key_list"),
    path("key-list.xlsx", key_list.key_list, {"fmt": "xlsx"}, name="key_list_xlsx"),
    path("import/", upload.upload, name="upload"),
    path("import/confirm/", upload.upload_confirm, name="upload_confirm"),
    path("import/template.xlsx", upload.upload_template, name="upload_template"),
    path("chains/", maps.chain_index, name="chains"),
    path("chains/<int:pk>/links/", maps.link_add, name="link_add"),
    path("links/<int:pk>/delete/", maps.link_delete, name="link_delete"),
    path("ecosystem/", maps.ecosystem_index, name="ecosystems"),
    path("ecosystem/<int:pk>/", maps.ecosystem, name="ecosystem"),
    path("ecosystem/nodes/<int:pk>/delete/", maps.node_delete, name="node_delete"),
]
