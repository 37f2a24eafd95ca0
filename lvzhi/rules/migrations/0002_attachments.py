

import django.db.models.deletion
import lvzhi.rules.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0001_initial'),
        ('rules', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RegulationAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=200, upload_to=lvzhi.rules.models._upload_to, verbose_name='文件')),
                ('name', models.CharField(max_length=200, verbose_name='文件名')),
                ('size', models.PositiveIntegerField(default=0, verbose_name='大小')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='上传时间')),
                ('committee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.committee', verbose_name='政协')),
                ('regulation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='rules.regulation', verbose_name='制度或文件')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '附件',
                'verbose_name_plural': '附件',
                'ordering': ['regulation', 'id'],
            },
        ),
    ]
