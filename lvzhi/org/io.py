"""The roster's Excel columns, declared once for the template, the import and the export."""

from __future__ import annotations

from lvzhi.core.tabular import Column
from lvzhi.org.extensions import roster_fields

NAME = "姓名"
GENDER = "性别"
ETHNICITY = "民族"
BIRTH = "出生年月"
POLITICAL = "政治面貌"
SECTOR = "界别"
SPECIAL_COMMITTEE = "专委会"
POSITION = "政协职务"
WORKPLACE = "工作单位及职务"
MOBILE = "手机号码"
ID_NUMBER = "身份证号"
PERSON_FIELD_HEADERS = {
    "name": NAME,
    "gender": GENDER,
    "ethnicity": ETHNICITY,
    "birth_month": BIRTH,
    "political": POLITICAL,
    "mobile": MOBILE,
    "id_number": ID_NUMBER,
}

BASE_COLUMNS = [
    Column(NAME, required=True, width=10),
    Column(GENDER, required=True, width=6),
    Column(ETHNICITY, width=8),
    Column(BIRTH, width=10, help="如 1968-05 或 1968年5月"),
    Column(POLITICAL, required=True, width=14, help="如 中共党员、民盟盟员、无党派人士、群众"),
    Column(SECTOR, required=True, width=14),
    Column(SPECIAL_COMMITTEE, width=18),
    Column(POSITION, width=8, help="主席、副主席、秘书长、常委、委员（默认委员）"),
    Column(WORKPLACE, width=30),
    Column(MOBILE, text=True, width=14),
    Column(ID_NUMBER, text=True, width=21, help="18位，单元格须为文本格式"),
]


def roster_columns() -> list[Column]:
    """The base columns, then the columns apps above org contribute (党支部)."""
    return [*BASE_COLUMNS, *(Column(f.header, width=18) for f in roster_fields())]


TEMPLATE_NOTES = [
    "委员名册导入模板说明",
    "1. 第一行为表头，列的顺序可以调整；带 * 的列为必填。",
    "2. 身份证号、手机号码列请设置为「文本」格式，否则18位身份证号的末几位会丢失。",
    "3. 出生年月可写作 1968-05、1968.05 或 1968年5月。",
    "4. 政治面貌可写国标名称、代码或常用简称：中共党员、中共预备党员、民革、民盟、民建、民进、农工党、致公党、"
    "九三学社、台盟、无党派人士、群众。",
    "5. 界别、专委会、党支部须与系统中的名称（或简称）一致；只有中共党员（含预备党员）可以填写党支部。",
    "6. 再次导入时，按身份证号（无身份证号时按姓名和出生年月）匹配已有委员并更新，不会重复添加。",
    "7. 导出文件中带 * 的脱敏身份证号或手机号，导入时表示「不修改」。",
    "8. 任何一行有错误时整个文件都不会导入，请按错误清单逐行修改后重新上传。",
]
