"""Transfers become two-sided: a status (pending until the receiver accepts, or the 回执 of a
介绍信 comes back), the letter's number, who decided and when, and a return reason. The rows
written before are marked done by the next migration (data changes cannot share a transaction
with this one's deferred index creation on PostgreSQL)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('branches', '0002_initial'),
        ('members', '0003_default_dues_rates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='membertransfer',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='办理时间'),
        ),
        migrations.AddField(
            model_name='membertransfer',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='办理人'),
        ),
        migrations.AddField(
            model_name='membertransfer',
            name='effective_on',
            field=models.DateField(blank=True, help_text='接收或收到回执、党员关系转移的日期', null=True, verbose_name='生效日期'),
        ),
        migrations.AddField(
            model_name='membertransfer',
            name='letter_serial',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='介绍信编号'),
        ),
        migrations.AddField(
            model_name='membertransfer',
            name='letter_year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='介绍信年度'),
        ),
        migrations.AddField(
            model_name='membertransfer',
            name='return_reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='退回原因'),
        ),
        migrations.AddField(
            model_name='membertransfer',
            name='status',
            field=models.CharField(choices=[('pending', '待办理'), ('accepted', '已接收'), ('returned', '已退回'), ('withdrawn', '已撤回'), ('completed', '已转出')], default='accepted', max_length=10, verbose_name='状态'),
        ),
        migrations.AddConstraint(
            model_name='membertransfer',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('member',), name='one_pending_transfer_per_member'),
        ),
        migrations.AddConstraint(
            model_name='membertransfer',
            constraint=models.UniqueConstraint(fields=('letter_year', 'letter_serial'), name='unique_letter_number_per_year'),
        ),
    ]
