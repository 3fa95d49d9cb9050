"""The schemes shipped as defaults (docs/domain.md §5): the ten demonstration areas of seed 000, 五好四化
of seed 003 and the 九有 venue checklist of seed 001. Areas → items (title, points, evidence, indicator)."""

from decimal import Decimal

from django.db import migrations

TEN_AREAS = (
    "行业示范基层党组织建设（十个示范）",
    "《深化认识落实责任 切实抓好示范基层党组织建设》：理论学习、政治引领等十个方面做好示范",
    [
        ("理论学习示范", [
            ("学习制度健全，年度学习计划落实", 4, "年度学习计划、学习记录", ""),
            ("开放学习，组织全体员工一起学、一起用", 3, "学习活动照片、签到表", ""),
            ("建设学习型党支部、学习型党员队伍成效", 3, "学习成果材料", ""),
        ]),
        ("政治引领示范", [
            ("宣传执行党的路线方针政策和上级决定部署", 5, "传达学习记录", ""),
            ("增强“四个意识”、坚定“四个自信”、做到“两个维护”", 5, "", ""),
        ]),
        ("服务群众示范", [
            ("服务群众行动计划（对象、事项、措施、目标、检验标准）", 4, "行动计划文本", ""),
            ("为群众办好事办实事、解难事成效", 6, "服务记录、群众评价", ""),
        ]),
        ("融合发展示范", [
            ("思想、工作、力量、措施、目标融合", 5, "融合发展措施材料", ""),
            ("书记参加业务领导层会议、负责人参加党建活动（双向交叉）", 2, "会议记录", ""),
            ("业务发展和党员发展双提升", 3, "业务数据、发展党员情况", ""),
        ]),
        ("队伍建设示范", [
            ("发展党员各环节按期规范", 4, "", "pipeline"),
            ("党员理想信念、党性修养和表率作用", 3, "", ""),
            ("业务骨干培养和员工思想政治工作", 3, "培养计划", ""),
        ]),
        ("党建活动示范", [
            ("纵向帮带：选择一个事务所开展互动帮带", 4, "帮带活动记录", ""),
            ("横向共建：与一个外部党组织开展共建活动", 3, "共建协议、活动记录", ""),
            ("活动内容丰富、形式多样，不流于形式", 3, "", ""),
        ]),
        ("文化建设示范", [
            ("文化活动和富有特色的文化作品", 5, "活动照片、作品", ""),
            ("文化成果助推发展、彰显形象", 5, "", ""),
        ]),
        ("组织活动示范（三会一课）", [
            ("支部党员大会按季度召开", 2, "", "meetings:general_meeting"),
            ("支部委员会会议按月召开", 2, "", "meetings:committee_meeting"),
            ("党课按规定开展", 2, "", "meetings:lecture"),
            ("主题党日按月开展", 2, "", "meetings:theme_day"),
            ("党员参加组织生活出席率", 2, "", "attendance"),
        ]),
        ("制度建设示范", [
            ("梳理、完善、创新党建工作制度", 4, "制度汇编", ""),
            ("按期换届", 3, "", "elections"),
            ("组织生活会按年召开", 3, "", "meetings:life_meeting"),
        ]),
        ("要素保障示范", [
            ("人力、财力、物资、时间精力保障到位", 4, "经费使用情况", ""),
            ("党费按月足额交纳", 3, "", "dues"),
            ("活动场所达到“九有”标准", 3, "", "venue"),
        ]),
    ],
)

FIVE_GOOD = (
    "党建示范点“五好四化”",
    "《加强地税机关基层组织建设探析》：按“五定”要求创建党建示范点，达到“五好四化”",
    [
        ("领导班子好", [
            ("班子健全、按期换届", 6, "", "elections"),
            ("书记履行第一责任，班子成员落实“一岗双责”", 6, "述职材料", ""),
        ]),
        ("党员队伍好", [
            ("党员学习积极性和整体素质", 6, "", ""),
            ("发展党员各环节按期规范", 6, "", "pipeline"),
        ]),
        ("运行机制好", [
            ("三会一课等组织生活按要求落实", 6, "", "meetings"),
            ("党员参加组织生活出席率", 6, "", "attendance"),
        ]),
        ("发展业绩好", [
            ("围绕中心抓党建，业务目标完成", 8, "业务目标完成情况", ""),
            ("创先争优、选树典型", 4, "表彰文件", ""),
        ]),
        ("群众反映好", [
            ("群众评议满意度", 12, "群众评议、满意度测评结果", ""),
        ]),
        ("活动场所标准化", [
            ("活动阵地达到“九有”标准", 10, "", "venue"),
        ]),
        ("制度建设系统化", [
            ("党建制度健全并严格执行", 10, "制度汇编、执行记录", ""),
        ]),
        ("台账资料规范化", [
            ("党费按月足额交纳", 4, "", "dues"),
            ("会议记录、签到表、照片随会登记完整", 6, "系统生成的组织生活台账", ""),
        ]),
        ("载体创新特色化", [
            ("创建亮点特色鲜明、可复制可推广", 6, "亮点材料", ""),
            ("“两带两创”立项项目推进成效", 4, "立项书、进展材料", ""),
        ]),
    ],
)

NINE_HAVES = (
    "党建阵地“九有”标准",
    "县委党校主体培训班讲话：非公企业党建阵地做到“九有”",
    [
        ("活动阵地“九有”", [
            (f"有{label}", 1, "照片", f"venue:{code}") for code, label in [
                ("activity_room", "党员活动室"), ("reading_room", "图书阅览室"), ("talk_room", "职工说事室"),
                ("furniture", "会议桌椅"), ("av", "电教设备"), ("flag", "党旗"), ("rules", "党建制度"),
                ("network_chart", "党组织网络图"), ("portraits", "党员群像图"),
            ]
        ]),
    ],
)

DEFAULTS = [TEN_AREAS, FIVE_GOOD, NINE_HAVES]


def add_defaults(apps, schema_editor):
    Scheme = apps.get_model("assessments", "Scheme")
    Criterion = apps.get_model("assessments", "Criterion")
    for name, source, areas in DEFAULTS:
        if Scheme.objects.filter(name=name, owner__isnull=True, copied_from__isnull=True).exists():
            continue
        scheme = Scheme.objects.create(name=name, source=source)
        for a, (area_title, items) in enumerate(areas, 1):
            area = Criterion.objects.create(scheme=scheme, kind="area", order=a, title=area_title,
                                            max_points=sum(Decimal(i[1]) for i in items))
            for n, (title, points, evidence, indicator) in enumerate(items, 1):
                Criterion.objects.create(scheme=scheme, parent=area, kind="item", order=n, title=title,
                                         max_points=Decimal(points), evidence_required=evidence, indicator=indicator)


def remove_defaults(apps, schema_editor):
    Scheme = apps.get_model("assessments", "Scheme")
    Scheme.objects.filter(name__in=[d[0] for d in DEFAULTS], owner__isnull=True, copied_from__isnull=True,
                          campaigns__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]
