"""The articles' word index (lantoa.content.word_index) replaces the folded search_text column:
the table, its database-side index (FTS5 on SQLite, GIN on PostgreSQL) and a row per article."""

import django.db.models.deletion
from django.db import migrations, models

from lantoa.content import word_index
from lantoa.content.text import stream_text


def create_index(apps, schema_editor):
    word_index.create_database_index(schema_editor)


def drop_index(apps, schema_editor):
    word_index.drop_database_index(schema_editor)


def index_articles(apps, schema_editor):
    ArticlePage = apps.get_model("content", "ArticlePage")
    ArticleWords = apps.get_model("content", "ArticleWords")
    for article in ArticlePage.objects.iterator():
        ArticleWords.objects.create(
            sort_key=word_index.sort_key(article), page_id=article.pk, live=article.live, path=article.path,
            unit_id=article.unit_id, title_words=word_index.words_of(article.title),
            text_words=word_index.words_of(article.title, article.summary, stream_text(article.body)),
        )  # fmt: skip


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0003_variant_generated_in_form'),
        ('org', '0007_alter_role_kind_alter_roleapprovaltask_role_kind'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='articlepage',
            name='search_text',
        ),
        migrations.CreateModel(
            name='ArticleWords',
            fields=[
                ('sort_key', models.BigIntegerField(primary_key=True, serialize=False)),
                ('live', models.BooleanField()),
                ('path', models.CharField(max_length=255)),
                ('title_words', models.TextField()),
                ('text_words', models.TextField()),
                ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='content.articlepage')),
                ('unit', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='org.unit')),
            ],
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(index_articles, migrations.RunPython.noop),
    ]
